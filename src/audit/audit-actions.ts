/** Every action the audit log records (the `action` column). */
export const AuditAction = {
  Login: 'auth.login',
  Logout: 'auth.logout',
  TokenCreate: 'token.create',
  TokenRevoke: 'token.revoke',
  TokenRestore: 'token.restore',
  TokenDelete: 'token.delete',
  UserCreate: 'user.create',
  UserDelete: 'user.delete',
  UserProfileChange: 'user.profile',
  WritersAdd: 'writers.add',
  WritersRemove: 'writers.remove',
  AdminOverride: 'override.admin',
  BootConfig: 'config.boot',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** success: done; failure: refused for bad credentials or input; denied: refused for lack of permission. */
export type AuditOutcome = 'success' | 'failure' | 'denied';
