import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken } from '../support/identity';

describe('auth: the global token guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  function expect401(res: import('supertest').Response): void {
    expectErrorBody(res, 401, 'AuthenticationError');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual({
      errors: [
        { type: 'AuthenticationError', message: 'Authentication Failed', source: 'ApiToken', value: '', description: 'Authentication Failed' },
      ],
    });
  }

  it('accepts a token raw and as "Bearer <token>"', async () => {
    const { token } = await createUserWithToken(t);
    expect((await t.http().get('/v1/tokens').set('Authorization', token)).status).toBe(200);
    expect((await t.http().get('/v1/tokens').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await t.http().get('/v1/tokens').set('Authorization', `bearer   ${token}`)).status).toBe(200);
  });

  it('answers every kind of bad credential with the same 401', async () => {
    const { token } = await createUserWithToken(t);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const junk = 'x'.repeat(8 * 1024);
    expect401(await t.http().get('/v1/tokens'));
    for (const value of ['', ' ', 'Bearer', 'Bearer garbage', junk, flipped, `Bearer ${flipped}`, `Basic ${token}`]) {
      expect401(await t.http().get('/v1/tokens').set('Authorization', value));
    }
  });

  it('never takes a token from the query string, the body or a cookie', async () => {
    const { token } = await createUserWithToken(t);
    expect401(await t.http().get(`/v1/tokens?token=${token}`));
    expect401(await t.http().get(`/v1/tokens?access_token=${token}`));
    expect401(await t.http().post('/v1/tokens').send({ name: 'x', token, access_token: token }));
    expect401(await t.http().get('/v1/tokens').set('Cookie', `token=${token}; access_token=${token}`));
  });

  it('ignores identity headers such as IsAdmin or UserName', async () => {
    const { token } = await createUserWithToken(t);
    const res = await t.http().get('/v1/tokens').set('Authorization', token).set('IsAdmin', 'true').set('UserName', 'admin@refocus.admin');
    expect(res.status).toBe(200);
    expect(res.body.every((r: { user: { name: string } }) => r.user.name !== 'admin@refocus.admin')).toBe(true);
  });

  it('leaves the public routes open', async () => {
    expect((await t.http().get('/v1/health')).status).toBe(200);
    expect((await t.http().get('/v1/api-docs')).status).toBe(200);
    expect((await t.http().get('/v1/docs/')).status).toBe(200);
  });

  it('POST /v1/tokens issues a working rfk_ token, shown once, with Cache-Control: no-store', async () => {
    const { token, user } = await createUserWithToken(t);
    const res = await t.http().post('/v1/tokens').set('Authorization', token).send({ name: 'ci' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.token).toMatch(/^rfk_[A-Za-z0-9_-]{22,}$/);
    expect(res.body).toMatchObject({ name: 'ci', isRevoked: '0', user: { id: user.id, name: user.name, email: user.email } });
    expect((await t.http().get('/v1/tokens').set('Authorization', res.body.token)).status).toBe(200);
  });

  it('gives the admin a working token', async () => {
    const res = await t.http().get('/v1/tokens').set('Authorization', await adminToken(t));
    expect(res.status).toBe(200);
  });
});

describe('first start without ADMIN_PASSWORD', () => {
  it('creates the first admin with a random password (no default), which signs in', async () => {
    const { IdentitySeeder } = await import('../../src/auth/identity-seeder');
    const t = await createTestApp({ ADMIN_PASSWORD: '' });
    try {
      const generated = t.app.get(IdentitySeeder).generatedPassword;
      expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const login = (password: string) => t.http().post('/v1/authenticate').send({ username: 'admin@refocus.admin', password });
      expect((await login(generated!)).status).toBe(200);
      for (const guess of ['devPassword', 'password', 'admin', 'admin-password-for-tests']) {
        expect((await login(guess)).status).toBe(401);
      }
      const rows: Array<{ password_hash: string }> = await t.dataSource.query(`SELECT password_hash FROM users WHERE name = 'admin@refocus.admin'`);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0].password_hash).not.toContain(generated);
    } finally {
      await t.close();
    }
  });
});
