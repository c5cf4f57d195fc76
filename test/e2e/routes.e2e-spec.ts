import { createTestApp, TestApp } from '../support/app';

/**
 * Every route the app mounts, and its access rule. Secure by default: a route that is not listed
 * here must answer 401 without an API token, so a new unguarded route fails this suite.
 */
const PUBLIC_API = ['GET /v1', 'GET /v1/health', 'GET /v1/health/ready', 'POST /v1/register', 'POST /v1/authenticate'];
/** Swagger UI and the OpenAPI document (mounted by @nestjs/swagger under these prefixes). */
const DOCS_PREFIXES = ['/v1/docs', '/v1/api-docs'];
/** Web pages: no API token, but a signed session cookie (and a CSRF token on posts). */
const SESSION_PAGES = [
  'GET /login',
  'POST /login',
  'POST /logout',
  'GET /tokens',
  'GET /tokens/new',
  'POST /tokens/new',
  'POST /tokens/:id/revoke',
  'POST /tokens/:id/delete',
  'GET /perspectives',
  'GET /perspectives/new',
  'POST /perspectives/new',
  'GET /perspectives/:name',
  'GET /perspectives/:name/edit',
  'POST /perspectives/:name/edit',
  'GET /rooms/:id',
  'POST /rooms/:id/active',
];
/**
 * No session needed: `/` redirects to /perspectives; the lens frame and the page scripts are the
 * same static documents for everyone (the frame is an opaque origin that could not use a session
 * anyway; its data comes by postMessage from a signed-in page). The page's JSON
 * (`/perspectives/:name/hierarchy|lens`) needs the session and answers 401 like the API, as do
 * the room page's event stream and bot frames (`/rooms/:id/stream`, `/rooms/:id/bots/:bot/frame`).
 */
const PUBLIC_PAGES = ['GET /', 'GET /lens-frame', 'GET /assets/socket.io.min.js', 'GET /assets/perspective-page.js'];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

function routesOf(t: TestApp): { method: Method; path: string; key: string }[] {
  const stack = (t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Layer[] } }).router.stack;
  const out: { method: Method; path: string; key: string }[] = [];
  for (const layer of stack) {
    if (!layer.route || layer.route.path.includes('*')) continue; // catch-all fallbacks are not routes
    for (const [m, on] of Object.entries(layer.route.methods)) {
      if (!on || m === '_all') continue;
      out.push({ method: m as Method, path: layer.route.path, key: `${m.toUpperCase()} ${layer.route.path}` });
    }
  }
  return out;
}

const UUID = '00000000-0000-4000-8000-000000000000';
const fill = (path: string) => path.replace(/:[A-Za-z]+/g, (p) => (p === ':id' ? UUID : 'probe-key'));

describe('routes: every route is guarded unless it is on the committed public list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the routes', () => {
    const keys = routesOf(t).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys).toEqual(expect.arrayContaining([...PUBLIC_API, ...SESSION_PAGES, ...PUBLIC_PAGES, 'POST /v1/tokens', 'GET /v1/users/:key']));
  });

  it('answers 401 without a token on every route that is not public', async () => {
    const open: string[] = [];
    for (const r of routesOf(t)) {
      if (PUBLIC_API.includes(r.key) || SESSION_PAGES.includes(r.key) || PUBLIC_PAGES.includes(r.key) || DOCS_PREFIXES.some((p) => r.path.startsWith(p))) continue;
      const res = await t.http()[r.method](fill(r.path));
      if (res.status !== 401 || res.body?.errors?.[0]?.type !== 'AuthenticationError') open.push(`${r.key} → ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('opens the public API routes without a token', async () => {
    for (const key of PUBLIC_API) {
      const [method, path] = key.split(' ');
      const res = await t.http()[method.toLowerCase() as Method](path).send({});
      expect([key, res.status]).not.toEqual([key, 401]);
    }
  });

  it('serves the public pages without a session, and sets no cookie', async () => {
    for (const key of PUBLIC_PAGES) {
      const res = await t.http().get(key.split(' ')[1]);
      expect([key, res.status < 400, res.headers['set-cookie']]).toEqual([key, true, undefined]);
    }
  });

  it('serves no web page content to a visitor without a session', async () => {
    for (const key of SESSION_PAGES.filter((k) => k !== 'GET /login' && k !== 'POST /login')) {
      const [method, path] = key.split(' ');
      const res = await t.http()[method.toLowerCase() as Method](fill(path)).type('form').send({});
      expect([key, res.status >= 300 && res.status < 400]).toEqual([key, true]);
      expect(res.headers.location).toMatch(/^\/login/);
    }
  });

  it('lists in the OpenAPI document only routes the app mounts, and no web page', async () => {
    const doc = (await t.http().get('/v1/api-docs')).body as { paths: Record<string, Record<string, unknown>> };
    const mounted = new Set(routesOf(t).map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`));
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path.startsWith('/v1')).toBe(true);
      for (const m of Object.keys(ops)) expect(mounted.has(`${m.toUpperCase()} ${path}`)).toBe(true);
    }
  });
});
