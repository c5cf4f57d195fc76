import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TestUser } from '../support/identity';

// The README's advice for bots: CORS_ROUTES=/v1/bots,/v1/botActions,/v1/botData,/v1/events,/v1/rooms
// opens exactly those routes (and what lies under them) to bot UIs in their frames (Origin: null)
// and to bots served from other origins; nothing else.
const CORS_ROUTES = '/v1/bots,/v1/botActions,/v1/botData,/v1/events,/v1/rooms';

let t: TestApp;
let u: TestUser;

beforeAll(async () => {
  t = await createTestApp({ CORS_ROUTES });
  u = await createUserWithToken(t);
});

afterAll(async () => {
  await t?.close();
});

describe('CORS for bots', () => {
  const open = ['/v1/bots', '/v1/bots/SomeBot', '/v1/botActions', '/v1/botData/upsert', '/v1/events/bulk', '/v1/rooms/1', '/v1/rooms/1/data', '/v1/rooms/1/bots/b/data'];
  const closed = ['/v1/roomTypes', '/v1/users/x', '/v1/subjects', '/v1/tokens'];

  it.each(open)('preflight of %s: 204 without a token, methods and headers listed', async (path) => {
    for (const origin of ['null', 'https://bot.example.com']) {
      const res = await t.http().options(path).set('Origin', origin).set('Access-Control-Request-Method', 'PATCH').set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toContain('PATCH');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/i);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('answers listed routes with Access-Control-Allow-Origin, and lists X-Total-Count as readable', async () => {
    const res = await t.http().get('/v1/bots').set('Origin', 'null').set('Authorization', u.token);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Total-Count/i);
  });

  it.each(closed)('leaves %s closed (no CORS header, preflight included)', async (path) => {
    const pre = await t.http().options(path).set('Origin', 'null').set('Access-Control-Request-Method', 'GET');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await t.http().get(path).set('Origin', 'null').set('Authorization', u.token);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
