import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken } from '../support/identity';

// CONTRACT.md §7 / SECURITY.md 17. The reference's own CORS tests list bot routes that this
// product does not have, so the listed routes here are real ones (/v1/subjects, /v1/health),
// and the reference's bot list is used to show that similar-looking, unlisted paths get nothing.

const FOREIGN = 'https://elsewhere.example';
const ALLOWED = 'https://dashboard.example';
const METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';
const HEADERS = 'Authorization, Content-Type';

function corsHeaderNames(res: Response): string[] {
  return Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
}

function expectNoCors(res: Response): void {
  expect(corsHeaderNames(res)).toEqual([]);
}

function expectNeverCredentials(res: Response): void {
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
}

function preflight(t: TestApp, path: string, origin = FOREIGN) {
  return t
    .http()
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type,x-evil');
}

describe('CORS_ROUTES=/v1/subjects,/v1/health,/v1/tokens (any origin)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ROUTES: ' /v1/subjects , /V1/Health,/v1/tokens/' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a listed route and its sub-paths Access-Control-Allow-Origin: * for a foreign origin, in any case', async () => {
    for (const path of ['/v1/health', '/V1/HEALTH', '/v1/health/', '/v1/health/sub/path', '/v1/subjects', '/v1/subjects/a.b', '/v1/SUBJECTS/x/hierarchy']) {
      const res = await t.http().get(path).set('Origin', FOREIGN);
      expect({ path, status: res.status, acao: res.headers['access-control-allow-origin'] }).toEqual({
        path,
        status: res.status,
        acao: '*',
      });
      expect(res.status).toBeLessThan(500);
      expectNeverCredentials(res);
    }
  });

  it('keeps the ordinary answer of a listed route (the health check still answers 200 with its body)', async () => {
    const res = await t.http().get('/v1/health').set('Origin', FOREIGN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toBe('X-Total-Count');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never echoes Origin: null', async () => {
    const res = await t.http().get('/v1/health').set('Origin', 'null');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const pre = await preflight(t, '/v1/subjects', 'null');
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('gives prefix look-alikes and unlisted routes no CORS header', async () => {
    for (const path of ['/v1/healthz', '/v1/healthcheck/x', '/v1/subjectsx', '/v1/subjects-x/1', '/v1/aspects', '/v1/profiles', '/v1/api-docs', '/v1/docs/', '/v1', '/']) {
      const res = await t.http().get(path).set('Origin', FOREIGN);
      expect({ path, cors: corsHeaderNames(res) }).toEqual({ path, cors: [] });
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.status).toBeLessThan(500);
    }
  });

  it('answers a preflight on a listed route with 204, the explicit lists, and no token', async () => {
    for (const path of ['/v1/subjects', '/v1/subjects/a.b/writers', '/V1/Health']) {
      const res = await preflight(t, path);
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe(METHODS);
      expect(res.headers['access-control-allow-headers']).toBe(HEADERS);
      expect(res.headers['access-control-allow-headers']).not.toContain('x-evil');
      expectNeverCredentials(res);
      expect(res.text).toBe('');
    }
  });

  it('gives a preflight on an unlisted route no CORS header and never a 2xx or 5xx', async () => {
    for (const path of ['/v1/healthz', '/v1/subjectsx', '/v1/aspects', '/v1/profiles', '/v1/tokensx', '/v1/users/x/tokens']) {
      const res = await preflight(t, path);
      expectNoCors(res);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // a known path answered with another method: 405 (SECURITY 22), still without CORS
    const res = await preflight(t, '/v1/api-docs');
    expect(res.status).toBe(405);
    expectNoCors(res);
  });

  it('keeps the header on 401 answers of a listed route, and a preflight there needs no token', async () => {
    const routes = [['get', '/v1/tokens'], ['post', '/v1/tokens'], ['get', '/v1/tokens/some-token'], ['delete', '/v1/tokens/x'], ['get', '/v1/subjects'], ['post', '/v1/subjects'], ['patch', '/v1/subjects/a.b']] as const;
    for (const [method, path] of routes) {
      const res = await t.http()[method](path).set('Origin', FOREIGN).set('Authorization', 'Bearer garbage');
      expect({ method, path, status: res.status, acao: res.headers['access-control-allow-origin'] }).toEqual({
        method,
        path,
        status: 401,
        acao: '*',
      });
      expectNeverCredentials(res);
    }
    const pre = await preflight(t, '/v1/tokens');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('serves a signed-in caller on a listed route with the header, and an unlisted route without', async () => {
    const { token } = await createUserWithToken(t);
    const listed = await t.http().get('/v1/subjects').set('Origin', FOREIGN).set('Authorization', token);
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe('*');
    const created = await t.http().post('/v1/subjects').set('Origin', FOREIGN).set('Authorization', `Bearer ${token}`).send({ name: 'corsSubject' });
    expect(created.status).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe('*');
    const unlisted = await t.http().get('/v1/profiles').set('Origin', FOREIGN).set('Authorization', token);
    expect(unlisted.status).toBe(200);
    expectNoCors(unlisted);
  });

  it('keeps the header on errors of a listed route: 404, 405, 413', async () => {
    const notFound = await t.http().get('/v1/health/no-such-thing').set('Origin', FOREIGN);
    expect(notFound.status).toBe(404);
    expect(notFound.headers['access-control-allow-origin']).toBe('*');
    const wrongMethod = await t.http().delete('/v1/health').set('Origin', FOREIGN);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['access-control-allow-origin']).toBe('*');
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const tooLarge = await t.http().post('/v1/subjects').set('Origin', FOREIGN).set('Content-Type', 'application/json').send(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('CORS_ROUTES with a CORS_ORIGINS allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ROUTES: '/v1/health', CORS_ORIGINS: `${ALLOWED}, https://other.example` });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reflects an allowed origin with Vary: Origin', async () => {
    const res = await t.http().get('/v1/health').set('Origin', ALLOWED);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
    expectNeverCredentials(res);
    const pre = await preflight(t, '/v1/health', ALLOWED);
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(pre.headers['access-control-allow-methods']).toBe(METHODS);
    expect(pre.headers['access-control-allow-headers']).toBe(HEADERS);
  });

  it('gives a foreign origin, an Origin: null and a request without Origin no allow-origin, and never *', async () => {
    for (const origin of [FOREIGN, 'null', 'https://dashboard.example.evil.example', undefined]) {
      const req = t.http().get('/v1/health');
      const res = await (origin ? req.set('Origin', origin) : req);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
      expectNeverCredentials(res);
    }
    const pre = await preflight(t, '/v1/health', 'null');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('still gives unlisted routes nothing, even for an allowed origin', async () => {
    expectNoCors(await t.http().get('/v1/api-docs').set('Origin', ALLOWED));
    expectNoCors(await preflight(t, '/v1/subjects', ALLOWED));
  });
});

describe('CORS_ROUTES unset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: ALLOWED });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives no route any CORS header, preflight included', async () => {
    for (const path of ['/v1/health', '/v1/subjects', '/v1/bots', '/v1/api-docs', '/v1/docs/', '/']) {
      expectNoCors(await t.http().get(path).set('Origin', ALLOWED));
      const pre = await preflight(t, path, ALLOWED);
      expectNoCors(pre);
      expect(pre.status).not.toBe(204);
      expect(pre.status).toBeLessThan(500);
    }
  });
});

describe("the reference's CORS_ROUTES=/v1/bots,/v1/botActions,/v1/botData,/v1/events,/v1/rooms", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ROUTES: '/v1/bots,/v1/botActions,/v1/botData,/v1/events,/v1/rooms' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens the listed prefixes (these paths are not routes here, but the header is there)', async () => {
    for (const path of ['/v1/bots', '/v1/bots/123', '/V1/BOTS', '/v1/botActions?botId=1', '/v1/botactions', '/v1/botData', '/v1/events', '/v1/rooms/1']) {
      const res = await t.http().get(path).set('Origin', FOREIGN);
      expect({ path, acao: res.headers['access-control-allow-origin'] }).toEqual({ path, acao: '*' });
    }
  });

  it('gives a signed-in GET /v1/profiles (REFOCUS-REFERENCE.md §12 item 30) and GET /v1/subjects no CORS header', async () => {
    const { token } = await createUserWithToken(t);
    for (const path of ['/v1/profiles', '/v1/subjects']) {
      const res = await t.http().get(path).set('Origin', FOREIGN).set('Authorization', token);
      expect(res.status).toBe(200);
      expectNoCors(res);
    }
  });

  it('gives unlisted but similar paths, and the real routes, nothing', async () => {
    for (const path of ['/v1/botsx', '/v1/bot', '/v1/botActionsX', '/v1/botDatas/1', '/v1/eventsource', '/v1/profiles', '/v1/health', '/v1/subjects']) {
      const res = await t.http().get(path).set('Origin', FOREIGN);
      expect({ path, cors: corsHeaderNames(res) }).toEqual({ path, cors: [] });
      expectNoCors(await preflight(t, path));
    }
  });
});
