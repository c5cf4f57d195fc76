import type { AuthenticatedUser } from '../auth/caller';

/**
 * The writers policy, pure: no database, no HTTP. Everything that decides whether a caller may
 * modify a record goes through these functions.
 */

/** May `caller` write a record whose writers are `writerIds`? Empty list → anyone signed in. */
export function canWrite(caller: AuthenticatedUser, writerIds: readonly string[], override: boolean): boolean {
  if (writerIds.length === 0) return true;
  if (writerIds.includes(caller.id)) return true;
  return caller.isAdmin && override;
}

/** May `caller` change a record's owner? The current owner may; an admin only with the override. */
export function canChangeOwner(caller: AuthenticatedUser, ownerId: string | null | undefined, override: boolean): boolean {
  if (ownerId && ownerId === caller.id) return true;
  return caller.isAdmin && override;
}

/**
 * `?override=admin` from someone who is not an admin is refused (403) wherever writers apply,
 * even on a record without writers: the request asks for a privilege the caller does not have.
 */
export function overrideRefused(caller: AuthenticatedUser, override: boolean): boolean {
  return override && !caller.isAdmin;
}

/** The whole decision used by the guard and the service: override rule, then `canWrite`. */
export function mayWrite(caller: AuthenticatedUser, writerIds: readonly string[], override: boolean): boolean {
  return !overrideRefused(caller, override) && canWrite(caller, writerIds, override);
}
