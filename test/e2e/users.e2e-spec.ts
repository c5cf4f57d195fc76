import { api } from '../support/api';
import type { Response } from 'supertest';
import { LoginService } from '../../src/auth/login.service';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TEST_USER_PASSWORD } from '../support/identity';

function expectNoSecrets(res: Response): void {
  expect(res.text).not.toMatch(/password|\$argon2|hash/i);
}

describe('users: register, authenticate, /v1/users', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.app.get(LoginService).reset());

  describe('POST /v1/register', () => {
    it('creates a RefocusUser and a working token named "registration"; no password or hash in the body', async () => {
      const res = await t.http().post('/v1/register').send({ username: 'dora', password: 'dora-password', email: 'dora@example.com' });
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({ name: 'dora', email: 'dora@example.com', profile: { name: 'RefocusUser' }, isDeleted: '0' });
      expect(res.body.token).toMatch(/^rfk_/);
      expect(JSON.stringify({ ...res.body, token: '' })).not.toMatch(/password|\$argon2|hash/i);
      const tokens = await api(t).as(res.body.token).get('/v1/tokens');
      expect(tokens.status).toBe(200);
      expect(tokens.body.map((r: { name: string }) => r.name)).toEqual(['registration']);
      expect(tokens.text).not.toContain(res.body.token.slice(4, 12));
    });

    it('refuses an existing name in any case (409), a bad email or a missing field (400); nothing created', async () => {
      const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n as number;
      const before = await count();
      expectErrorBody(await t.http().post('/v1/register').send({ username: 'DORA', password: 'another-pass', email: 'd2@example.com' }), 409, 'DuplicateResourceError');
      expectErrorBody(await t.http().post('/v1/register').send({ username: 'ed', password: 'ed-password', email: 'not-an-email' }), 400);
      expectErrorBody(await t.http().post('/v1/register').send({ password: 'ed-password', email: 'ed@example.com' }), 400);
      expectErrorBody(await t.http().post('/v1/register').send({ username: 'ed', email: 'ed@example.com' }), 400);
      expectErrorBody(await t.http().post('/v1/register').send({ username: 'ed', password: 'ed-password' }), 400);
      expectErrorBody(await t.http().post('/v1/register').send({ username: 'ed', password: 'short', email: 'ed@example.com' }), 400);
      expectErrorBody(
        await t.http().post('/v1/register').send({ username: 'ed', password: 'ed-password', email: 'ed@example.com', profileId: 'Admin' }),
        400,
      );
      expect(await count()).toBe(before);
    });
  });

  describe('POST /v1/authenticate', () => {
    it('answers 200 and a session cookie (HttpOnly, SameSite=Lax) that /v1 routes do not accept', async () => {
      const res = await t.http().post('/v1/authenticate').send({ username: 'admin@refocus.admin', password: TEST_ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'authentication succeeded' });
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rfk_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const withCookie = await t.http().get('/v1/tokens').set('Cookie', cookie.split(';')[0]);
      expectErrorBody(withCookie, 401, 'AuthenticationError');
      const admin = await api(t).as(await adminToken(t)).get('/v1/users/admin@refocus.admin');
      expect(admin.body.lastLogin).toBeDefined();
    });

    it('answers an unknown user and a wrong password identically (401 LoginError)', async () => {
      const wrong = await t.http().post('/v1/authenticate').send({ username: 'admin@refocus.admin', password: 'wrong-password' });
      const unknown = await t.http().post('/v1/authenticate').send({ username: 'nobody-here', password: 'wrong-password' });
      expectErrorBody(wrong, 401, 'LoginError');
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body).toEqual(wrong.body);
      expect(unknown.headers['set-cookie']).toBeUndefined();
    });

    it('throttles repeated failures for one account with 429 + Retry-After, even with the right password then', async () => {
      const { user } = await createUserWithToken(t, 'throttled');
      for (let i = 0; i < 5; i++) {
        expectErrorBody(await t.http().post('/v1/authenticate').send({ username: 'throttled', password: `bad-${i}` }), 401, 'LoginError');
      }
      const res = await t.http().post('/v1/authenticate').send({ username: 'THROTTLED', password: TEST_USER_PASSWORD });
      expectErrorBody(res, 429, 'TooManyRequestsError');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(user.name).toBe('throttled');
    });

    it('throttles repeated failures from one address across accounts', async () => {
      let last: Response | undefined;
      for (let i = 0; i < 21; i++) {
        last = await t.http().post('/v1/authenticate').send({ username: `someone-${i}`, password: 'bad-password' });
      }
      expectErrorBody(last!, 429, 'TooManyRequestsError');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('/v1/users', () => {
    it('lets anyone signed in read users, never with a password or hash', async () => {
      const { token } = await createUserWithToken(t, 'reader');
      const list = await api(t).as(token).get('/v1/users');
      expect(list.status).toBe(200);
      expect(list.body.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['admin@refocus.admin', 'reader']));
      expect(list.headers['x-total-count']).toBe(String(list.body.length));
      expectNoSecrets(list);
      const one = await api(t).as(token).get('/v1/users/READER');
      expect(one.body).toMatchObject({ name: 'reader', profile: { name: 'RefocusUser' }, isDeleted: '0' });
      expectNoSecrets(one);
      const filtered = await api(t).as(token).get('/v1/users?name=read*');
      expect(filtered.body.map((u: { name: string }) => u.name)).toEqual(['reader']);
      expectErrorBody(await api(t).as(token).get('/v1/users/no-such-user'), 404);
      const narrow = await api(t).as(token).get('/v1/users?fields=name&sort=-name&limit=2');
      expect(narrow.body).toHaveLength(2);
      expect(Object.keys(narrow.body[0]).sort()).toEqual(['apiLinks', 'id', 'name']);
      expect(narrow.body[0].name.localeCompare(narrow.body[1].name)).toBeGreaterThan(0);
      expectErrorBody(await api(t).as(token).get('/v1/users?fields=password'), 400);
      expectErrorBody(await api(t).as(token).get('/v1/users?sort=password'), 400);
    });

    it('POST /v1/users is for admins only', async () => {
      const { token } = await createUserWithToken(t, 'wannabe');
      const body = { name: 'made', email: 'made@example.com', password: 'made-password', profileId: 'RefocusUser' };
      expectErrorBody(await api(t).as(token).post('/v1/users', body), 403, 'ForbiddenError');
      expectErrorBody(await api(t).as(token).post('/v1/users', { ...body, profileId: 'Admin' }), 403);
      const res = await api(t).as(admin).post('/v1/users', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'made', profile: { name: 'RefocusUser' } });
      expectNoSecrets(res);
      expectErrorBody(await api(t).as(admin).post('/v1/users', { ...body, name: 'MADE' }), 409);
      expectErrorBody(await api(t).as(admin).post('/v1/users', { ...body, name: 'made2', profileId: 'NoSuchProfile' }), 400);
      expectErrorBody(await api(t).as(admin).post('/v1/users', { ...body, name: 'made3', id: 'x' }), 400);
      const login = await t.http().post('/v1/authenticate').send({ username: 'made', password: 'made-password' });
      expect(login.status).toBe(200);
    });

    it('a user edits themself but nobody else, and may not change their own profile', async () => {
      const me = await createUserWithToken(t, 'editor');
      await createUserWithToken(t, 'victim');
      const patched = await api(t).as(me.token).patch('/v1/users/editor', { fullName: 'Ed Itor' });
      expect(patched.status).toBe(200);
      expect(patched.body.fullName).toBe('Ed Itor');
      expectErrorBody(await api(t).as(me.token).patch('/v1/users/victim', { fullName: 'x' }), 403);
      expectErrorBody(await api(t).as(me.token).put('/v1/users/victim', { name: 'victim', email: 'v@example.com' }), 403);
      expectErrorBody(await api(t).as(me.token).patch('/v1/users/editor', { profileId: 'Admin' }), 403, 'ForbiddenError');
      const same = await api(t).as(me.token).patch('/v1/users/editor', { profileId: 'RefocusUser' });
      expect(same.status).toBe(200);
      const put = await api(t).as(me.token).put('/v1/users/editor', { name: 'editor', email: 'new@example.com' });
      expect(put.status).toBe(200);
      expect(put.body.email).toBe('new@example.com');
      expect(put.body.fullName).toBeUndefined();
      expect((await api(t).as(me.token).get('/v1/users/victim')).body.fullName).toBeUndefined();
      const pw = await api(t).as(me.token).patch('/v1/users/editor', { password: 'a-new-password' });
      expectNoSecrets(pw);
      expect((await t.http().post('/v1/authenticate').send({ username: 'editor', password: 'a-new-password' })).status).toBe(200);
    });

    it('promoting and demoting take effect on the very next request', async () => {
      const u = await createUserWithToken(t, 'climber');
      const probe = () => api(t).as(u.token).post('/v1/profiles', { name: `p${Date.now()}${Math.random().toString(36).slice(2, 6)}` });
      expectErrorBody(await probe(), 403);
      expect((await api(t).as(admin).patch('/v1/users/climber', { profileId: 'Admin' })).status).toBe(200);
      expect((await probe()).status).toBe(201);
      expect((await api(t).as(admin).patch('/v1/users/climber', { profileId: 'RefocusUser' })).status).toBe(200);
      expectErrorBody(await probe(), 403);
    });

    it('deleting a user kills all their tokens at once; only the user or an admin may delete', async () => {
      const u = await createUserWithToken(t, 'leaver');
      const other = await createUserWithToken(t, 'bystander');
      const second = await api(t).as(u.token).post('/v1/tokens', { name: 'second' });
      expect((await api(t).as(second.body.token).get('/v1/tokens')).status).toBe(200);
      expectErrorBody(await api(t).as(other.token).delete('/v1/users/leaver'), 403);
      const res = await api(t).as(u.token).delete('/v1/users/leaver');
      expect(res.status).toBe(200);
      expect(Number(res.body.isDeleted)).toBeGreaterThan(0);
      expectErrorBody(await api(t).as(u.token).get('/v1/tokens'), 401);
      expectErrorBody(await api(t).as(second.body.token).get('/v1/tokens'), 401);
      expectErrorBody(await api(t).as(other.token).get('/v1/users/leaver'), 404);
      expectErrorBody(await t.http().post('/v1/authenticate').send({ username: 'leaver', password: TEST_USER_PASSWORD }), 401, 'LoginError');
      const back = await createUserWithToken(t, 'bystander2');
      expect((await api(t).as(admin).delete('/v1/users/bystander')).status).toBe(200);
      expectErrorBody(await api(t).as(other.token).get('/v1/tokens'), 401);
      expect((await api(t).as(back.token).get('/v1/tokens')).status).toBe(200);
    });

    it('the first admin cannot be deleted, demoted or renamed', async () => {
      expectErrorBody(await api(t).as(admin).delete('/v1/users/admin@refocus.admin'), 403);
      expectErrorBody(await api(t).as(admin).patch('/v1/users/admin@refocus.admin', { profileId: 'RefocusUser' }), 403);
      expectErrorBody(await api(t).as(admin).patch('/v1/users/admin@refocus.admin', { name: 'root' }), 403);
      const me = await api(t).as(admin).get('/v1/users/admin@refocus.admin');
      expect(me.body.profile.name).toBe('Admin');
      expect((await api(t).as(admin).get('/v1/tokens')).status).toBe(200);
    });

    it('rejects read-only and bad fields with 400, changing nothing', async () => {
      const u = await createUserWithToken(t, 'careful');
      for (const body of [{ id: 'x' }, { isDeleted: '1' }, { sso: true }, { profile: { name: 'Admin' } }, { email: 'nope' }, { imageUrl: 'not a url' }, { name: '' }]) {
        expectErrorBody(await api(t).as(u.token).patch('/v1/users/careful', body), 400);
      }
      const after = await api(t).as(u.token).get('/v1/users/careful');
      expect(after.body).toMatchObject({ name: 'careful', sso: false, profile: { name: 'RefocusUser' } });
    });
  });
});

describe('register when REJECT_LOCAL_USER_REGISTRATION=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REJECT_LOCAL_USER_REGISTRATION: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 403 and creates nothing', async () => {
    const res = await t.http().post('/v1/register').send({ username: 'nope', password: 'nope-password', email: 'nope@example.com' });
    expectErrorBody(res, 403, 'ForbiddenError');
    expect(res.body.errors[0].description).toBe('New user registration is not permitted.');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE name = 'nope'`))[0].n).toBe(0);
  });
});
