import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { createUserWithToken, TEST_USER_PASSWORD } from '../support/identity';

function csrfOf(text: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(text);
  if (!m) throw new Error('no CSRF field in the page');
  return m[1];
}

function cookies(res: request.Response): string[] {
  return (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

describe('web pages: /login, /logout, /tokens, /tokens/new', () => {
  let t: TestApp;
  const tokenCount = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM tokens'))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A browser-like agent signed in as `username`. */
  async function signIn(username: string, password: string): Promise<TestAgent> {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrfOf(form.text), ru: '/tokens' });
    expect(res.status).toBe(303);
    return agent;
  }

  it('sends a signed-out visitor of /tokens/new to /login?ru=/tokens/new, and /tokens likewise', async () => {
    const res = await t.http().get('/tokens/new');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?ru=/tokens/new');
    expect((await t.http().get('/tokens')).headers.location).toBe('/login?ru=/tokens');
  });

  it('shows an accessible sign-in form with a CSRF token', async () => {
    const res = await t.http().get('/login?ru=/tokens/new');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/<label for="username">/);
    expect(res.text).toMatch(/<input id="username" name="username"/);
    expect(res.text).toMatch(/<input id="password" name="password" type="password"/);
    expect(res.text).toContain('value="/tokens/new"');
    expect(csrfOf(res.text).length).toBeGreaterThan(20);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('signs in: HttpOnly SameSite=Lax session cookie, then goes to ru', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: 'admin@refocus.admin', password: TEST_ADMIN_PASSWORD, _csrf: csrfOf(form.text), ru: '/tokens/new' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/tokens/new');
    const session = cookies(res).find((c) => c.startsWith('rfk_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect((await agent.get('/tokens/new')).status).toBe(200);
  });

  it('never redirects to another origin after sign-in', async () => {
    for (const ru of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const agent = request.agent(t.app.getHttpServer());
      const form = await agent.get('/login');
      const res = await agent.post('/login').type('form').send({ username: 'admin@refocus.admin', password: TEST_ADMIN_PASSWORD, _csrf: csrfOf(form.text), ru });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/tokens');
    }
  });

  it('refuses a sign-in post without the CSRF token or from another origin, and a wrong password', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    const creds = { username: 'admin@refocus.admin', password: TEST_ADMIN_PASSWORD };
    const noCsrf = await agent.post('/login').type('form').send(creds);
    expect(noCsrf.status).toBe(403);
    expect(cookies(noCsrf).some((c) => c.startsWith('rfk_session='))).toBe(false);
    const foreign = await agent.post('/login').set('Origin', 'https://evil.example').type('form').send({ ...creds, _csrf: csrfOf(form.text) });
    expect(foreign.status).toBe(403);
    expect(cookies(foreign).some((c) => c.startsWith('rfk_session='))).toBe(false);
    const wrong = await agent.post('/login').type('form').send({ ...creds, password: 'nope-nope', _csrf: csrfOf(form.text) });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong user name or password.');
    expect(wrong.text).toContain('value="admin@refocus.admin"');
  });

  it('creates a token on /tokens/new, shows it once in #token-value, and it works on the API', async () => {
    const { user } = await createUserWithToken(t, 'webby');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const form = await agent.get('/tokens/new');
    expect(form.text).toMatch(/<input id="name" name="name" type="text" required maxlength="60"/);
    const res = await agent.post('/tokens/new').type('form').send({ name: 'from-the-web', _csrf: csrfOf(form.text) });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const secret = /<code id="token-value"[^>]*>([^<]+)<\/code>/.exec(res.text)![1];
    expect(secret).toMatch(/^rfk_[A-Za-z0-9_-]+$/);
    expect(res.text).toMatch(/cannot be shown again/i);
    expect(res.text).toMatch(/data-copy="token-value"/);
    const api = await t.http().get('/v1/tokens').set('Authorization', secret);
    expect(api.status).toBe(200);
    expect(api.body.map((r: { name: string }) => r.name)).toContain('from-the-web');
    const list = await agent.get('/tokens');
    expect(list.text).toContain('from-the-web');
    expect(list.text).not.toContain(secret.slice(4, 12));
  });

  it('re-shows the form with the error for a duplicate or empty name, creating nothing', async () => {
    const { user } = await createUserWithToken(t, 'dupper');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const csrf = csrfOf((await agent.get('/tokens/new')).text);
    expect((await agent.post('/tokens/new').type('form').send({ name: 'twice', _csrf: csrf })).status).toBe(201);
    const before = await tokenCount();
    const dup = await agent.post('/tokens/new').type('form').send({ name: 'TWICE', _csrf: csrf });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('already have a token named');
    expect(dup.text).toMatch(/<input id="name" name="name"/);
    expect(dup.text).not.toContain('token-value');
    const empty = await agent.post('/tokens/new').type('form').send({ name: '  ', _csrf: csrf });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter a name');
    const long = await agent.post('/tokens/new').type('form').send({ name: 'x'.repeat(61), _csrf: csrf });
    expect(long.status).toBe(400);
    expect(await tokenCount()).toBe(before);
  });

  it('a post without the CSRF token, with a wrong one, or from another site creates nothing', async () => {
    const { user } = await createUserWithToken(t, 'csrf-target');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const csrf = csrfOf((await agent.get('/tokens/new')).text);
    const before = await tokenCount();
    expect((await agent.post('/tokens/new').type('form').send({ name: 'forged-1' })).status).toBe(403);
    expect((await agent.post('/tokens/new').type('form').send({ name: 'forged-2', _csrf: csrf.slice(0, -2) + 'xx' })).status).toBe(403);
    expect(
      (await agent.post('/tokens/new').set('Origin', 'https://evil.example').type('form').send({ name: 'forged-3', _csrf: csrf })).status,
    ).toBe(403);
    expect((await agent.post('/tokens/new').set('Sec-Fetch-Site', 'cross-site').type('form').send({ name: 'forged-4', _csrf: csrf })).status).toBe(403);
    expect((await agent.post('/tokens/new').set('Origin', 'null').type('form').send({ name: 'forged-5', _csrf: csrf })).status).toBe(403);
    expect(
      (await agent.post('/tokens/new').set('Origin', 'null').set('Sec-Fetch-Site', 'cross-site').type('form').send({ name: 'forged-5b', _csrf: csrf })).status,
    ).toBe(403);
    const other = await signIn('admin@refocus.admin', TEST_ADMIN_PASSWORD);
    const othersCsrf = csrfOf((await other.get('/tokens/new')).text);
    expect((await agent.post('/tokens/new').type('form').send({ name: 'forged-6', _csrf: othersCsrf })).status).toBe(403);
    expect(await tokenCount()).toBe(before);
    const signedOut = await t.http().post('/tokens/new').type('form').send({ name: 'forged-7', _csrf: csrf });
    expect(signedOut.status).toBe(303);
    expect(await tokenCount()).toBe(before);
  });

  it('revokes and deletes from /tokens, effective at once on the API; CSRF required', async () => {
    const { user } = await createUserWithToken(t, 'lister');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const csrf = csrfOf((await agent.get('/tokens/new')).text);
    const created = await agent.post('/tokens/new').type('form').send({ name: 'short <b>life</b>', _csrf: csrf });
    const secret = /<code id="token-value"[^>]*>([^<]+)<\/code>/.exec(created.text)![1];
    expect(created.text).toContain('short &lt;b&gt;life&lt;/b&gt;');
    const page = await agent.get('/tokens');
    expect(page.text).not.toContain('<b>life</b>');
    const id = (await t.http().get('/v1/tokens').set('Authorization', secret)).body.find((r: { name: string }) => r.name.startsWith('short')).id;
    expect(page.text).toContain(`action="/tokens/${id}/revoke"`);
    expect((await agent.post(`/tokens/${id}/revoke`).type('form').send({})).status).toBe(403);
    expect((await t.http().get('/v1/tokens').set('Authorization', secret)).status).toBe(200);
    const revoked = await agent.post(`/tokens/${id}/revoke`).type('form').send({ _csrf: csrf });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.location).toBe('/tokens?done=revoked');
    expect((await t.http().get('/v1/tokens').set('Authorization', secret)).status).toBe(401);
    expect((await agent.get('/tokens?done=revoked')).text).toContain('The token was revoked.');
    expect((await agent.post(`/tokens/${id}/delete`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get('/tokens')).text).not.toContain('short &lt;b&gt;');
  });

  it("cannot touch another user's token from the pages (404)", async () => {
    const victim = await createUserWithToken(t, 'victim-web');
    const created = await t.http().post('/v1/tokens').set('Authorization', victim.token).send({ name: 'mine' });
    const { user } = await createUserWithToken(t, 'attacker-web');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const csrf = csrfOf((await agent.get('/tokens')).text);
    expect((await agent.post(`/tokens/${created.body.id}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await agent.post(`/tokens/${created.body.id}/delete`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await t.http().get('/v1/tokens').set('Authorization', created.body.token)).status).toBe(200);
  });

  it('signs out with POST /logout (CSRF required); a deleted user is signed out too', async () => {
    const { user, token } = await createUserWithToken(t, 'goer');
    const agent = await signIn(user.name, TEST_USER_PASSWORD);
    const csrf = csrfOf((await agent.get('/tokens')).text);
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    expect((await agent.get('/tokens')).status).toBe(200);
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect((await agent.get('/tokens')).status).toBe(302);
    const again = await signIn(user.name, TEST_USER_PASSWORD);
    expect((await again.get('/tokens')).status).toBe(200);
    await t.http().delete(`/v1/users/${user.id}`).set('Authorization', token);
    expect((await again.get('/tokens')).status).toBe(302);
  });

  it('ends the session on the server: a copy of the cookie taken before sign-out no longer works', async () => {
    const { user } = await createUserWithToken(t, 'copier');
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    const login = await agent.post('/login').type('form').send({ username: user.name, password: TEST_USER_PASSWORD, _csrf: csrfOf(form.text) });
    const copied = cookies(login).find((c) => c.startsWith('rfk_session='))!.split(';')[0];
    expect((await t.http().get('/tokens').set('Cookie', copied)).status).toBe(200);
    const csrf = csrfOf((await agent.get('/tokens')).text);
    expect((await agent.post('/logout').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await t.http().get('/tokens').set('Cookie', copied)).status).toBe(302);
  });
});
