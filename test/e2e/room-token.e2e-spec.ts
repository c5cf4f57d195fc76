import { makeZip } from '../fixtures/zip';
import { expectErrorBody } from '../support/errors';
import { Cast, startWithCast } from '../support/identity';
import { TokensService } from '../../src/tokens/tokens.service';

/**
 * The room-view token (BOTS.md, the room page): the same global guard and policy as every other
 * token, narrowed to the routes below, and within them to its own room. Every other /v1 route
 * answers it 403, whatever the route; within the routes, another room's records are 403.
 */
const ROOM_ROUTES = [
  'GET /v1/rooms/:key',
  'GET /v1/rooms/:roomId/data',
  'GET /v1/rooms/:roomId/bots/:botId/data',
  'GET /v1/bots',
  'GET /v1/bots/:key',
  'GET /v1/users/:key',
  'GET /v1/botActions',
  'POST /v1/botActions',
  'GET /v1/botActions/:key',
  'PATCH /v1/botActions/:key',
  'GET /v1/botData',
  'POST /v1/botData',
  'POST /v1/botData/upsert',
  'GET /v1/botData/:key',
  'PATCH /v1/botData/:key',
  'GET /v1/events',
  'POST /v1/events',
  'POST /v1/events/bulk',
  'GET /v1/events/bulk/:jobId/status',
  'GET /v1/events/:key',
];
const PUBLIC = ['GET /v1', 'GET /v1/health', 'GET /v1/health/ready', 'POST /v1/register', 'POST /v1/authenticate'];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

let c: Cast;
let token: string;
let room: { id: number };
let other: { id: number };
let botId: string;

beforeAll(async () => {
  c = await startWithCast();
  const zip = await makeZip({ 'index.html': '<div id="ScopeBot"></div>' });
  const mk = (name: string) =>
    c.t.http().post('/v1/bots').set('Authorization', c.u.token).field('name', name).field('url', 'http://localhost:1').field('version', '1')
      .field('actions', JSON.stringify([{ name: 'ping' }])).attach('ui', zip, { filename: 'bot.zip', contentType: 'application/zip' });
  botId = (await mk('ScopeBot')).body.id;
  await mk('ElsewhereBot');
  await c.t.http().post('/v1/roomTypes').set('Authorization', c.u.token).send({ name: 'ScopeType' });
  room = (await c.t.http().post('/v1/rooms').set('Authorization', c.u.token).send({ name: 'scope-room', type: 'ScopeType', bots: ['ScopeBot'] })).body;
  other = (await c.t.http().post('/v1/rooms').set('Authorization', c.u.token).send({ name: 'scope-other', type: 'ScopeType', bots: ['ScopeBot', 'ElsewhereBot'] })).body;
  const issued = await c.t.app.get(TokensService).issueBoundToken(c.u2.user.id, { kind: 'room', boundId: String(room.id), name: 'room view', expiresAt: new Date(Date.now() + 600_000) });
  token = issued.secret;
});

afterAll(async () => {
  await c?.t.close();
});

const as = (t = token) => ({
  get: (p: string) => c.t.http().get(p).set('Authorization', t),
  post: (p: string, b: object) => c.t.http().post(p).set('Authorization', t).send(b),
  patch: (p: string, b: object) => c.t.http().patch(p).set('Authorization', t).send(b),
});

function apiRoutes(): { method: Method; path: string; key: string }[] {
  const stack = (c.t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route && layer.route.path.startsWith('/v1') && !layer.route.path.includes('*')
      ? Object.entries(layer.route.methods).filter(([m, on]) => on && m !== '_all').map(([m]) => ({ method: m as Method, path: layer.route!.path, key: `${m.toUpperCase()} ${layer.route!.path}` }))
      : [],
  );
}

describe('room token: the guard', () => {
  it('every listed route exists', () => {
    const keys = new Set(apiRoutes().map((r) => r.key));
    expect(ROOM_ROUTES.filter((r) => !keys.has(r))).toEqual([]);
  });

  it('every other /v1 route answers 403 before doing anything', async () => {
    const refused: string[] = [];
    for (const r of apiRoutes()) {
      if (ROOM_ROUTES.includes(r.key) || PUBLIC.includes(r.key) || /^\/v1\/(docs|api-docs)/.test(r.path)) continue;
      const res = await c.t.http()[r.method](r.path.replace(/:[A-Za-z]+/g, 'probe')).set('Authorization', token).send({});
      if (res.status !== 403 || res.body.errors?.[0]?.source !== 'Token') refused.push(`${r.key} → ${res.status}`);
    }
    expect(refused).toEqual([]);
  });

  it('is still an ordinary 401 when expired or unknown', async () => {
    expectErrorBody(await as('rfk_unknown').get(`/v1/rooms/${room.id}`), 401);
  });
});

describe('room token: its room only', () => {
  it('reads its room, not another', async () => {
    expect((await as().get(`/v1/rooms/${room.id}`)).status).toBe(200);
    expectErrorBody(await as().get(`/v1/rooms/${other.id}`), 403, 'ForbiddenError');
    expectErrorBody(await as().get('/v1/rooms'), 403);
    expectErrorBody(await as().patch(`/v1/rooms/${room.id}`, { active: true }), 403);
  });

  it('sees only its room’s bots', async () => {
    expect((await as().get('/v1/bots')).body.map((b: { name: string }) => b.name)).toEqual(['ScopeBot']);
    expect((await as().get('/v1/bots?name=ScopeBot')).body).toHaveLength(1);
    expect((await as().get('/v1/bots/ScopeBot')).status).toBe(200);
    expectErrorBody(await as().get('/v1/bots/ElsewhereBot'), 403);
  });

  it('creates and updates actions, data and events in its room; refuses the other room', async () => {
    const action = await as().post('/v1/botActions', { name: 'ping', roomId: room.id, botId: 'ScopeBot' });
    expect(action.status).toBe(201);
    expect(action.body.userId).toBe(c.u2.user.id);
    expectErrorBody(await as().post('/v1/botActions', { name: 'ping', roomId: other.id, botId: 'ScopeBot' }), 403);
    const elsewhere = await as(c.u.token).post('/v1/botActions', { name: 'ping', roomId: other.id, botId: botId });
    expectErrorBody(await as().get(`/v1/botActions/${elsewhere.body.id}`), 403);
    expectErrorBody(await as().patch(`/v1/botActions/${elsewhere.body.id}`, { isPending: false }), 403);
    expect((await as(c.u.token).get(`/v1/botActions/${elsewhere.body.id}`)).body.isPending).toBe(true);
    const listed = await as().get(`/v1/botActions?botId=${botId}`);
    expect(listed.body.map((a: { roomId: number }) => a.roomId)).toEqual([room.id]);
    expectErrorBody(await as().get(`/v1/botActions?botId=${botId}&roomId=${other.id}`), 403);

    expect((await as().post('/v1/botData/upsert', { name: 'd', roomId: room.id, botId, value: '{}' })).status).toBe(201);
    expectErrorBody(await as().post('/v1/botData/upsert', { name: 'd', roomId: other.id, botId, value: '{}' }), 403);
    expectErrorBody(await as().get(`/v1/rooms/${other.id}/data`), 403);

    expect((await as().post('/v1/events', { log: 'x', roomId: room.id })).status).toBe(201);
    expectErrorBody(await as().post('/v1/events', { log: 'x', roomId: other.id }), 403);
    expectErrorBody(await as().post('/v1/events', { log: 'no room' }), 403);
    const bulk = await as().post('/v1/events/bulk', [{ log: 'ok', roomId: room.id }, { log: 'no', roomId: other.id }]);
    const status = await as().get(`/v1/events/bulk/${bulk.body.jobId}/status`);
    expect(status.body.errors).toEqual([expect.objectContaining({ index: 1, type: 'ForbiddenError' })]);
    expect((await as().get('/v1/events')).body.every((e: { roomId: number }) => e.roomId === room.id)).toBe(true);
  });

  it('reads user records (names for the bot UI)', async () => {
    expect((await as().get(`/v1/users/${c.u.user.id}`)).body.name).toBe(c.u.user.name);
  });
});
