import { makeZip } from '../fixtures/zip';
import { expectErrorBody } from '../support/errors';
import { Cast, startWithCast } from '../support/identity';

let c: Cast;
let bot: { id: string; name: string; token: string };
let room: { id: number };
let otherRoom: { id: number };

const req = (token = c.u.token) => ({
  post: (path: string, body: object) => c.t.http().post(path).set('Authorization', token).send(body),
  patch: (path: string, body: object) => c.t.http().patch(path).set('Authorization', token).send(body),
  get: (path: string) => c.t.http().get(path).set('Authorization', token),
  del: (path: string) => c.t.http().delete(path).set('Authorization', token),
});

beforeAll(async () => {
  c = await startWithCast();
  const res = await c.t.http().post('/v1/bots').set('Authorization', c.u.token)
    .field('name', 'RecBot').field('url', 'http://localhost:1').field('version', '1')
    .field('actions', JSON.stringify([{ name: 'ping' }, { name: 'page', parameters: [{ name: 'who', type: 'STRING' }, { name: 'n', type: 'INTEGER' }] }]))
    .attach('ui', await makeZip({ 'index.html': '<div id="RecBot"></div>' }), { filename: 'bot.zip', contentType: 'application/zip' });
  bot = res.body;
  await req().post('/v1/roomTypes', { name: 'RecType', bots: ['RecBot'] });
  room = (await req().post('/v1/rooms', { name: 'rec-room', type: 'RecType' })).body;
  otherRoom = (await req().post('/v1/rooms', { name: 'rec-other', type: 'RecType' })).body;
});

afterAll(async () => {
  await c?.t.close();
});

describe('bot actions', () => {
  it('creates (also at the trailing slash), with botId by name, and the bot answers with PATCH', async () => {
    const res = await req(c.u2.token).post('/v1/botActions/', { name: 'ping', roomId: room.id, botId: 'recbot', userId: c.other.user.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ping', roomId: room.id, botId: bot.id, isPending: true, userId: c.u2.user.id });
    const pending = await req(bot.token).get(`/v1/botActions?botId=${bot.id}&isPending=true`);
    expect(pending.body.map((a: { id: string }) => a.id)).toContain(res.body.id);
    const answered = await req(bot.token).patch(`/v1/botActions/${res.body.id}`, { isPending: false, response: { ok: 1 } });
    expect(answered.body).toMatchObject({ isPending: false, response: { ok: 1 } });
    expect((await req().get(`/v1/botActions?botId=RecBot&isPending=true`)).body).toHaveLength(0);
    expect((await req().get(`/v1/botActions/${res.body.id}`)).body.response).toEqual({ ok: 1 });
  });

  it('checks the action name and the number of parameters; botId is required to list', async () => {
    expectErrorBody(await req().post('/v1/botActions', { name: 'nope', roomId: room.id, botId: bot.id }), 400);
    expectErrorBody(await req().post('/v1/botActions', { name: 'page', roomId: room.id, botId: bot.id, parameters: [{ name: 'who', value: 'x' }] }), 400);
    expect((await req().post('/v1/botActions', { name: 'page', roomId: room.id, botId: bot.id, parameters: [{ name: 'who', value: 'x' }, { name: 'n', value: 1 }] })).status).toBe(201);
    expectErrorBody(await req().post('/v1/botActions', { name: 'ping', roomId: 99999, botId: bot.id }), 400);
    expectErrorBody(await req().post('/v1/botActions', { name: 'ping', roomId: room.id, botId: 'NoBot' }), 400);
    expectErrorBody(await req().get('/v1/botActions'), 400);
    expectErrorBody(await req().get('/v1/botActions/not-a-uuid'), 404);
  });
});

describe('bot data', () => {
  it('upsert: 201 new, then 200 with JSON objects merged; lists by room and bot', async () => {
    const first = await req(bot.token).post('/v1/botData/upsert', { name: 'state', roomId: room.id, botId: 'RecBot', value: '{"a":1,"b":2}' });
    expect(first.status).toBe(201);
    const second = await req(bot.token).post('/v1/botData/upsert', { name: 'STATE', roomId: room.id, botId: bot.id, value: '{"b":3,"c":4}' });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(JSON.parse(second.body.value)).toEqual({ a: 1, b: 3, c: 4 });
    expect((await req().get(`/v1/rooms/${room.id}/data`)).body.map((d: { name: string }) => d.name)).toEqual(['state']);
    expect((await req().get(`/v1/rooms/${room.id}/bots/RecBot/data`)).body).toHaveLength(1);
    expect((await req().get(`/v1/botData?botId=${bot.id}&roomId=${room.id}&name=state`)).body[0].value).toBe(second.body.value);
    expect((await req().get(`/v1/rooms/${otherRoom.id}/data`)).body).toHaveLength(0);
    expectErrorBody(await req().get('/v1/rooms/99999/data'), 404);
  });

  it('create (trailing slash), duplicate 409, patch, delete', async () => {
    const res = await req().post('/v1/botData/', { name: 'other', roomId: room.id, botId: bot.id, value: 'x' });
    expect(res.status).toBe(201);
    expectErrorBody(await req().post('/v1/botData', { name: 'OTHER', roomId: room.id, botId: bot.id, value: 'y' }), 409);
    expect((await req().patch(`/v1/botData/${res.body.id}`, { value: 'z' })).body.value).toBe('z');
    expect((await req().del(`/v1/botData/${res.body.id}`)).status).toBe(200);
    expectErrorBody(await req().get(`/v1/botData/${res.body.id}`), 404);
  });
});

describe('events', () => {
  it('creates with botId by name, filters by type, room, bot; pages by X-Total-Count', async () => {
    const res = await req(bot.token).post('/v1/events', { log: 'hello', roomId: room.id, botId: 'RecBot', actionType: 'greet', context: { type: 'Event' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ log: 'hello', roomId: room.id, botId: bot.id, userId: c.u.user.id, context: { type: 'Event' } });
    await req().post('/v1/events', { log: 'user joined', roomId: room.id, context: { type: 'User', user: { id: c.u.user.id } } });
    expect((await req().get(`/v1/events?roomId=${room.id}&type=User`)).body.map((e: { log: string }) => e.log)).toEqual(['user joined']);
    const page = await req().get(`/v1/events?roomId=${room.id}&limit=1`);
    expect(page.headers['x-total-count']).toBe('2');
    expect(page.body).toHaveLength(1);
    expect((await req().get(`/v1/events?botId=RecBot`)).body).toHaveLength(1);
    expectErrorBody(await req().post('/v1/events', { roomId: room.id }), 400);
    expectErrorBody(await req().post('/v1/events', { log: 'x', botActionId: '00000000-0000-4000-8000-000000000000' }), 400);
  });

  it('bulk: 200 {status, jobId}; the status lists refused items by index', async () => {
    const res = await req().post('/v1/events/bulk', [{ log: 'b1', roomId: room.id }, { roomId: room.id }, { log: 'b3', roomId: 424242 }, { log: 'b4', roomId: room.id, botId: 'RecBot' }]);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('OK');
    const status = await req().get(`/v1/events/bulk/${res.body.jobId}/status`);
    expect(status.body.status).toBe('complete');
    expect(status.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect((await req().get(`/v1/events?roomId=${room.id}&log=b*`)).body.map((e: { log: string }) => e.log)).toEqual(['b1', 'b4']);
    expectErrorBody(await req(c.other.token).get(`/v1/events/bulk/${res.body.jobId}/status`), 404);
    expectErrorBody(await req().post('/v1/events/bulk', { log: 'x' }), 400);
  });
});
