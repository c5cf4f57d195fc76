import { api } from '../support/api';
import { ApiTokenStrategy } from '../../src/auth/api-token.strategy';
import { CredentialsCache } from '../../src/auth/credentials-cache';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';

/**
 * The passport strategy authenticates a token the first time the process sees it and after
 * every change; in between the guard answers from the credentials cache, with the same checks.
 */
describe('token guard: passport strategy first, credentials cache after', () => {
  let t: TestApp;
  let u: TestUser;
  let admin: string;
  let validate: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp();
    u = await createUserWithToken(t);
    admin = await adminToken(t);
    validate = jest.spyOn(t.app.get(ApiTokenStrategy), 'validate');
    // On a PostgreSQL server the cache is used once its LISTEN connection is up (a moment after start).
    const cache = t.app.get(CredentialsCache);
    for (let i = 0; i < 500 && !cache.active; i++) await new Promise((r) => setTimeout(r, 10));
    expect(cache.active).toBe(true);
  });
  afterAll(async () => {
    validate.mockRestore();
    await t.close();
  });

  it('runs the strategy for a token once, then answers repeats from the cache', async () => {
    validate.mockClear();
    for (let i = 0; i < 3; i++) expect((await api(t).as(u.token).get('/v1/tokens')).status).toBe(200);
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('runs the strategy again after a change, and the cached path refuses what it refuses', async () => {
    const made = await api(t).as(u.token).post('/v1/tokens', { name: 'guarded' });
    const secret = made.body.token as string;
    expect((await api(t).as(secret).get('/v1/tokens')).status).toBe(200);
    validate.mockClear();
    expect((await api(t).as(admin).post(`/v1/tokens/${made.body.id}/revoke`)).status).toBe(200);
    expectErrorBody(await api(t).as(secret).get('/v1/tokens'), 401, 'AuthenticationError');
    expect(validate).toHaveBeenCalled(); // the revoke cleared the cache: the strategy read the new state
    validate.mockClear();
    expectErrorBody(await api(t).as(secret).get('/v1/tokens'), 401, 'AuthenticationError');
    expect(validate).not.toHaveBeenCalled(); // the revoked row is cached now: refused without the strategy
  });

  it('refuses what is not a token without asking anyone', async () => {
    validate.mockClear();
    expectErrorBody(await api(t).as('not-a-token').get('/v1/tokens'), 401, 'AuthenticationError');
    expectErrorBody(await t.http().get('/v1/tokens'), 401, 'AuthenticationError');
    expect(validate).not.toHaveBeenCalled();
  });
});
