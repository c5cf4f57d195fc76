import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { createUserWithToken } from '../support/identity';

// SECURITY.md 18 (headers) and 19 (body limits), on a sample of routes and outcomes.

function expectSecurityHeaders(res: Response, what: string): void {
  const h = res.headers;
  expect({ what, nosniff: h['x-content-type-options'], frame: h['x-frame-options'], poweredBy: h['x-powered-by'] }).toEqual({
    what,
    nosniff: 'nosniff',
    frame: 'DENY',
    poweredBy: undefined,
  });
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['cross-origin-resource-policy']).toBe('same-origin');
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('are on every kind of answer: 200, 302, 400, 404, 405, 413, docs', async () => {
    const samples: [string, Promise<Response>][] = [
      ['health 200', t.http().get('/v1/health')],
      ['api-docs 200', t.http().get('/v1/api-docs')],
      ['docs UI 200', t.http().get('/v1/docs/')],
      ['redirect 302', t.http().get('/v1')],
      ['malformed JSON 400', t.http().post('/v1/health').set('Content-Type', 'application/json').send('{"a":')],
      ['unknown route 404', t.http().get('/v1/no-such-route')],
      ['wrong method 405', t.http().delete('/v1/health')],
      ['too large 413', t.http().post('/v1/health').set('Content-Type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(1100000) }))],
      ['root', t.http().get('/')],
    ];
    for (const [what, pending] of samples) expectSecurityHeaders(await pending, what);
  });

  it('marks every /v1 API answer Cache-Control: no-store with a CSP that forbids rendering and framing', async () => {
    for (const path of ['/v1/health', '/v1/api-docs', '/v1/no-such-route', '/V1/Health']) {
      const res = await t.http().get(path);
      expect({ path, cache: res.headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('sends no ETag with an API answer, which no cache keeps (docs/DECISIONS.md), so If-None-Match gets the body', async () => {
    const u = await createUserWithToken(t);
    for (const path of ['/v1/health', '/v1/api-docs', '/v1/aspects']) {
      const res = await t.http().get(path).set('Authorization', u.token).set('If-None-Match', 'W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
      expect({ path, status: res.status, etag: res.headers.etag }).toEqual({ path, status: 200, etag: undefined });
    }
  });

  it('are on 401 answers and on the one-time secret of a new token, which no cache may keep', async () => {
    const unauth = await t.http().get('/v1/subjects').set('Authorization', 'Bearer garbage');
    expect(unauth.status).toBe(401);
    expectSecurityHeaders(unauth, '401');
    expect(unauth.headers['cache-control']).toBe('no-store');
    const { token } = await createUserWithToken(t);
    const created = await t.http().post('/v1/tokens').set('Authorization', token).send({ name: 'headers-check' });
    expect(created.status).toBe(201);
    expect(typeof created.body.token).toBe('string');
    expectSecurityHeaders(created, 'token creation 201');
    expect(created.headers['cache-control']).toBe('no-store');
    const list = await t.http().get('/v1/tokens').set('Authorization', token);
    expectSecurityHeaders(list, 'token list 200');
    expect(list.headers['cache-control']).toBe('no-store');
  });

  it('leaves the Swagger UI its scripts (no API CSP on /v1/docs)', async () => {
    const res = await t.http().get('/v1/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('sends no HSTS over plain HTTP, and ignores X-Forwarded-Proto when no proxy is trusted', async () => {
    expect((await t.http().get('/v1/health')).headers['strict-transport-security']).toBeUndefined();
    const spoofed = await t.http().get('/v1/health').set('X-Forwarded-Proto', 'https');
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends HSTS when the proxy says the request came over HTTPS, and not otherwise', async () => {
    const https = await t.http().get('/v1/health').set('X-Forwarded-Proto', 'https');
    expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const http = await t.http().get('/v1/health').set('X-Forwarded-Proto', 'http');
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('body limits', () => {
  const BULK_LIMIT = 1_500_000;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BULK_UPSERT_MAX_BYTES: String(BULK_LIMIT) });
  });
  afterAll(async () => {
    await t.close();
  });

  const json = (bytes: number) => JSON.stringify([{ name: 's|a', value: 'x'.repeat(bytes) }]);

  it('answers 413 with the error body on any ordinary route over 1 MB, JSON or form', async () => {
    for (const path of ['/v1/subjects', '/v1/samples/upsert', '/v1/tokens', '/v1/register', '/v1/samples/upsert/bulk/x']) {
      const res = await t.http().post(path).set('Content-Type', 'application/json').send(json(1024 * 1024));
      expectErrorBody(res, 413, 'PayloadTooLargeError');
    }
    const form = await t.http().post('/v1/authenticate').type('form').send(`username=${'x'.repeat(1024 * 1024 + 1)}`);
    expectErrorBody(form, 413, 'PayloadTooLargeError');
  });

  it('takes up to BULK_UPSERT_MAX_BYTES on the bulk upsert route, and 413 beyond it', async () => {
    const within = await t.http().post('/v1/samples/upsert/bulk').set('Content-Type', 'application/json').send(json(1_200_000));
    expect(within.status).not.toBe(413);
    expect(within.status).toBeLessThan(500);
    const over = await t.http().post('/v1/samples/upsert/bulk').set('Content-Type', 'application/json').send(json(BULK_LIMIT));
    expectErrorBody(over, 413, 'PayloadTooLargeError');
  });

  it('answers 400 (not 500) to JSON nested deeper than 64 levels, on the bulk route too', async () => {
    const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const path of ['/v1/register', '/v1/samples/upsert/bulk', '/v1/health']) {
      const res = await t.http().post(path).set('Content-Type', 'application/json').send(deep);
      expectErrorBody(res, 400, 'InvalidJsonError');
    }
    const ok = await t.http().post('/v1/health').set('Content-Type', 'application/json').send(JSON.stringify({ a: [[[{ b: [1] }]]] }));
    expect(ok.status).toBe(405); // shallow bodies pass on to routing
  });

  it('answers 400 (not 500) to a NUL character in a body string, a body key, the path or the query', async () => {
    const bodies = ['{"username":"a\\u0000b","password":"x"}', '{"a\\u0000":1}', '[{"name":"s|a","value":"\\u0000"}]'];
    for (const body of bodies) {
      const res = await t.http().post('/v1/authenticate').set('Content-Type', 'application/json').send(body);
      expectErrorBody(res, 400, 'InvalidCharacterError');
    }
    const form = await t.http().post('/v1/authenticate').type('form').send('username=a%00b&password=x');
    expectErrorBody(form, 400, 'InvalidCharacterError');
    for (const url of ['/v1/subjects/a%00b', '/v1/tokens/%00', '/v1/subjects?name=a%00']) {
      expectErrorBody(await t.http().get(url).set('Authorization', 'Bearer junk'), 400, 'InvalidCharacterError');
    }
  });

  it('answers 413 before authentication, so an anonymous caller cannot make the server buffer more', async () => {
    const res = await t.http().put('/v1/aspects/x').set('Content-Type', 'application/json').set('Authorization', 'Bearer junk').send(json(2_000_000));
    expectErrorBody(res, 413, 'PayloadTooLargeError');
  });
});

describe('page size and array caps (SECURITY 19)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = (await createUserWithToken(t)).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('caps a list at 10000 records whatever limit is asked, and says how many there are', async () => {
    await t.dataSource.query(
      "INSERT INTO subjects (name, absolute_path, is_published) SELECT 'cap' || g, 'cap' || g, true FROM generate_series(1, 10005) g",
    );
    for (const query of ['limit=1000000', 'limit=99999999999999999999', '']) {
      const res = await t.http().get(`/v1/subjects?fields=name${query ? `&${query}` : ''}`).set('Authorization', token);
      expect({ query, status: res.status, length: (res.body as unknown[]).length }).toEqual({ query, status: 200, length: 10000 });
      expect(res.headers['x-total-count']).toBe('10005');
    }
    const small = await t.http().get('/v1/subjects?limit=3').set('Authorization', token);
    expect((small.body as unknown[]).length).toBe(3);
  });

  it('leaves the Link header out for very long list URLs, so responses stay within proxies\' header limits', async () => {
    const short = await t.http().get('/v1/subjects?limit=2').set('Authorization', token);
    expect(short.headers.link).toContain('rel="next"');
    const long = await t.http().get(`/v1/subjects?limit=2&name=${'x'.repeat(6000)}`).set('Authorization', token);
    expect(long.status).toBe(200);
    expect(long.headers.link).toBeUndefined();
    expect(long.headers['x-total-count']).toBe('0');
  });

  it('refuses arrays over a field cap with 400 and writes nothing', async () => {
    const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
    const bodies: [string, Record<string, unknown>][] = [
      ['tags', { name: 'capTags', tags: many(101, (i) => `t${i}`) }],
      ['relatedLinks', { name: 'capLinks', relatedLinks: many(101, (i) => ({ name: `l${i}`, url: 'https://example.com' })) }],
      ['geolocation', { name: 'capGeo', geolocation: [1, 2, 3] }],
    ];
    for (const [field, body] of bodies) {
      const res = await t.http().post('/v1/subjects').set('Authorization', token).send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expectErrorBody(res, 400);
      expect((await t.http().get(`/v1/subjects/${String(body.name)}`).set('Authorization', token)).status).toBe(404);
    }
    const ok = await t.http().post('/v1/subjects').set('Authorization', token).send({ name: 'capOk', tags: many(100, (i) => `t${i}`) });
    expect(ok.status).toBe(201);
    const writers = await t.http().post('/v1/subjects/capOk/writers').set('Authorization', token).send(many(1001, (i) => `u${i}`));
    expectErrorBody(writers, 400);
  });
});
