import { randomBytes } from 'node:crypto';
import { PasswordHasher } from '../../src/auth/password-hasher';
import { USER_PROFILE } from '../../src/profiles/profile.entity';
import { ProfilesRepository } from '../../src/profiles/profiles.repository';
import { TokensService } from '../../src/tokens/tokens.service';
import { FIRST_ADMIN_NAME } from '../../src/users/user.entity';
import { UsersRepository } from '../../src/users/users.repository';
import { createTestApp, type TestApp } from './app';

export interface TestUser {
  user: { id: string; name: string; email: string };
  token: string;
}

let counter = 0;
let cachedHash: Promise<string> | undefined;
const adminTokens = new WeakMap<TestApp, Promise<string>>();

/** The password of every user made by createUserWithToken. */
export const TEST_USER_PASSWORD = 'test-user-password';

/**
 * A new ordinary user (profile RefocusUser) and an API token of theirs. Inserted through the
 * services (so it works with REJECT_LOCAL_USER_REGISTRATION), password TEST_USER_PASSWORD.
 */
export async function createUserWithToken(t: TestApp, name?: string): Promise<TestUser> {
  const userName = name ?? `user-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
  cachedHash ??= t.app.get(PasswordHasher).hash(TEST_USER_PASSWORD);
  const profile = await t.app.get(ProfilesRepository).findByName(USER_PROFILE);
  const user = await t.app.get(UsersRepository).insert({
    name: userName,
    email: `${userName.replace(/[^A-Za-z0-9._-]/g, '_')}@example.com`,
    passwordHash: await cachedHash,
    profileId: profile!.id,
  });
  const { secret } = await t.app.get(TokensService).issue(user.id, `test-${randomBytes(4).toString('hex')}`);
  return { user: { id: user.id, name: user.name, email: user.email }, token: secret };
}

/** An API token of the first admin (admin@refocus.admin), one per test app. */
export function adminToken(t: TestApp): Promise<string> {
  let token = adminTokens.get(t);
  if (!token) {
    token = (async () => {
      const admin = await t.app.get(UsersRepository).findByKey(FIRST_ADMIN_NAME);
      const { secret } = await t.app.get(TokensService).issue(admin!.id, `admin-test-${randomBytes(4).toString('hex')}`);
      return secret;
    })();
    adminTokens.set(t, token);
  }
  return token;
}

/** The usual cast of a resource test: a fresh app, three users with tokens, and the admin's token. */
export interface Cast {
  t: TestApp;
  u: TestUser;
  u2: TestUser;
  other: TestUser;
  admin: string;
}

export async function startWithCast(): Promise<Cast> {
  const t = await createTestApp();
  return {
    t,
    u: await createUserWithToken(t),
    u2: await createUserWithToken(t),
    other: await createUserWithToken(t),
    admin: await adminToken(t),
  };
}
