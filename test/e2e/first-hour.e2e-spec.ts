import { api } from '../support/api';
import request, { type Response } from 'supertest';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { createUserWithToken, TestUser } from '../support/identity';
import { insertAspect, insertPerspective, insertSubject, unique } from '../support/records';

// Issue 17, "silent surprises": unknown body fields refused, Link headers a client can follow,
// the bulk upsert job's counts and item indexes.

describe('the first hour: no silent surprises', () => {
  let t: TestApp;
  let u: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    u = await createUserWithToken(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('unknown JSON body fields', () => {
    it('refuses a misspelt field with a 400 naming it, and writes nothing', async () => {
      const name = unique('Typo');
      const res = await api(t).as(u).post('/v1/aspects', { name, timeout: '1m', isPublised: true });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ type: 'SCHEMA_VALIDATION_FAILED', source: 'isPublised', message: expect.stringContaining('isPublised') })]);
      expect(await t.dataSource.query('SELECT 1 FROM aspects WHERE name = $1', [name])).toHaveLength(0);
    });

    it('names every unknown field, nested ones with their path', async () => {
      const res = await api(t).as(u).post('/v1/subjects', { name: unique('S'), colour: 'red', relatedLinks: [{ name: 'a', url: 'https://a.example', rel: 'x' }] });
      expect(res.status).toBe(400);
      const sources = (res.body.errors as { source: string }[]).map((e) => e.source).sort();
      expect(sources).toEqual(['colour', 'relatedLinks.0.rel']);
    });

    it('still accepts every documented field, and PATCH with known fields only', async () => {
      const name = unique('Ok');
      const res = await api(t).as(u).post('/v1/aspects', { name, timeout: '1m', isPublished: true, description: 'd', tags: ['ab'] });
      expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
      expect(res.body.isPublished).toBe(true);
      const patch = await api(t).as(u).patch(`/v1/aspects/${name}`, { description: 'e', isPublised: false });
      expect(patch.status).toBe(400);
      expect((await api(t).as(u).get(`/v1/aspects/${name}`)).body.description).toBe('d');
    });
  });

  describe('Link headers', () => {
    beforeAll(async () => {
      for (let i = 0; i < 12; i++) await insertSubject(t, { name: `LinkWalk${String(i).padStart(2, '0')}` });
    });

    it('a client following rel="next" reads every record exactly once, then stops', async () => {
      const seen: string[] = [];
      let url: string | undefined = '/v1/subjects?name=LinkWalk*&limit=5&sort=name';
      let pages = 0;
      while (url && pages < 10) {
        const res: Response = await api(t).as(u).get(url);
        expect(res.status).toBe(200);
        expect(res.headers['x-total-count']).toBe('12');
        seen.push(...(res.body as { name: string }[]).map((s) => s.name));
        url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `LinkWalk${String(i).padStart(2, '0')}`));
    });

    it('has no next on the last page, prev on later pages, and no Link at all for a single page', async () => {
      const last = await api(t).as(u).get('/v1/subjects?name=LinkWalk*&limit=5&offset=10');
      expect(last.headers.link).toBe('</v1/subjects?name=LinkWalk*&limit=5&offset=5>; rel="prev"');
      const offsetOnly = await api(t).as(u).get('/v1/subjects?name=LinkWalk*&offset=10');
      expect(offsetOnly.headers.link).toBe('</v1/subjects?name=LinkWalk*&offset=0>; rel="prev"');
      const all = await api(t).as(u).get('/v1/subjects?name=LinkWalk*');
      expect(all.headers.link).toBeUndefined();
    });
  });

  describe('GET /v1/perspectives/{key}?fields=', () => {
    it('returns only the asked fields (plus id and apiLinks), like the list; an unknown field is a 400', async () => {
      const p = await insertPerspective(t);
      const res = await api(t).as(u).get(`/v1/perspectives/${p.name}?fields=name,rootSubject`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['apiLinks', 'id', 'name', 'rootSubject']);
      expect(res.body.name).toBe(p.name);
      const whole = await api(t).as(u).get(`/v1/perspectives/${p.name}`);
      expect(Object.keys(whole.body).length).toBeGreaterThan(6);
      const bad = await api(t).as(u).get(`/v1/perspectives/${p.name}?fields=nope`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].source).toBe('fields');
    });
  });

  describe('web pages', () => {
    const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];

    it('the login page says where the first admin\'s credentials come from', async () => {
      const res = await t.http().get('/login');
      expect(res.text).toContain('admin@refocus.admin');
      expect(res.text).toMatch(/ADMIN_PASSWORD/);
      expect(res.text).toMatch(/start-up\s+banner/);
    });

    it('/tokens/new offers an optional expiry; the new token comes with a ready curl example; pages link the API docs', async () => {
      const agent = request.agent(t.app.getHttpServer());
      const login = await agent.get('/login');
      expect((await agent.post('/login').type('form').send({ username: 'admin@refocus.admin', password: TEST_ADMIN_PASSWORD, _csrf: csrfOf(login.text) })).status).toBe(303);
      const form = await agent.get('/tokens/new');
      expect(form.text).toMatch(/<select id="expires" name="expires"/);
      expect(form.text).toContain('href="/v1/docs"');
      const made = await agent.post('/tokens/new').type('form').send({ name: 'with-expiry', expires: '30', _csrf: csrfOf(form.text) });
      expect(made.status).toBe(201);
      const secret = /id="token-value" class="secret">([^<]+)</.exec(made.text)![1];
      expect(made.text).toContain(`curl -H "Authorization: ${secret}" http://127.0.0.1:`);
      const rows: { expires_at: Date }[] = await t.dataSource.query(`SELECT expires_at FROM tokens WHERE name = 'with-expiry'`);
      const days = (new Date(rows[0].expires_at).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);
      const never = await agent.post('/tokens/new').type('form').send({ name: 'no-expiry', _csrf: csrfOf(form.text) });
      expect(never.status).toBe(201);
      expect(never.text).toContain('It does not expire');
      const odd = await agent.post('/tokens/new').type('form').send({ name: 'odd-expiry', expires: '-5', _csrf: csrfOf(form.text) });
      expect(odd.status).toBe(400);
      expect(await t.dataSource.query(`SELECT 1 FROM tokens WHERE name = 'odd-expiry'`)).toHaveLength(0);
    });
  });

  describe('bulk upsert job status', () => {
    it('carries counts, timestamps and each refused item with its index; an item without a name says so', async () => {
      const s = await insertSubject(t);
      const a = await insertAspect(t);
      const good = `${s.path}|${a.name}`;
      const before = Date.now();
      const res = await api(t).as(u).post('/v1/samples/upsert/bulk', [{ name: good, value: '0' }, { value: '1' }, { name: `${s.path}|NoSuchAspect`, value: '1' }, { name: good.toUpperCase(), value: '1' }]);
      expect(res.status).toBe(200);
      const status = await api(t).as(u).get(`/v1/samples/upsert/bulk/${res.body.jobId}/status`);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ status: 'complete', jobId: res.body.jobId, received: 4, written: 1, refused: 2, superseded: 1 });
      expect(status.body.errors).toEqual([
        { index: 1, name: null, type: 'ValidationError', message: 'Missing required property: name' },
        { index: 2, name: `${s.path}|NoSuchAspect`, type: 'ResourceNotFoundError', message: expect.any(String) },
      ]);
      const receivedAt = Date.parse(status.body.receivedAt);
      const completedAt = Date.parse(status.body.completedAt);
      expect(receivedAt).toBeGreaterThanOrEqual(before - 5000);
      expect(completedAt).toBeGreaterThanOrEqual(receivedAt - 1000);
      expect(completedAt).toBeLessThanOrEqual(Date.now() + 5000);
    });
  });
});
