import { expectErrorBody } from '../support/errors';
import { Cast, createUserWithToken, startWithCast } from '../support/identity';

let c: Cast;

beforeAll(async () => {
  c = await startWithCast();
  await c.t.dataSource.query(`INSERT INTO bots (name, url, version) VALUES ('RoomBotA', 'https://a.example.com', '1.0'), ('RoomBotB', 'https://b.example.com', '1.0')`);
});

afterAll(async () => {
  await c?.t.close();
});

const api = (token = c.u.token) => ({
  post: (path: string, body: object) => c.t.http().post(path).set('Authorization', token).send(body),
  patch: (path: string, body: object) => c.t.http().patch(path).set('Authorization', token).send(body),
  get: (path: string) => c.t.http().get(path).set('Authorization', token),
  del: (path: string) => c.t.http().delete(path).set('Authorization', token),
});

describe('room types', () => {
  it('creates, reads by id and name (any case), lists, patches and deletes', async () => {
    const res = await api().post('/v1/roomTypes', { name: 'Incident', settings: { a: 1 }, bots: ['roombota'], rules: [{ rule: { and: [] }, action: { name: 'x', parameters: [] } }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Incident', isEnabled: false, settings: { a: 1 }, bots: ['RoomBotA'] });
    expect(res.body.user.name).toBe(c.u.user.name);
    expect((await api().get('/v1/roomTypes/INCIDENT')).body.id).toBe(res.body.id);
    expect((await api().get(`/v1/roomTypes/${res.body.id}`)).body.name).toBe('Incident');
    const list = await api().get('/v1/roomTypes?name=Incident');
    expect(list.headers['x-total-count']).toBe('1');
    const patched = await api().patch('/v1/roomTypes/incident', { isEnabled: true });
    expect(patched.body).toMatchObject({ isEnabled: true, settings: { a: 1 } });
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'incident' }), 409, 'DuplicateResourceError');
    const tmp = await api().post('/v1/roomTypes', { name: 'Temp' });
    expect((await api().del('/v1/roomTypes/Temp')).status).toBe(200);
    expect((await api().get(`/v1/roomTypes/${tmp.body.id}`)).status).toBe(404);
  });

  it('refuses unknown or repeated bots, bad rules and bad names, writing nothing', async () => {
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'T1', bots: ['Nope'] }), 400);
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'T1', bots: ['RoomBotA', 'roombota'] }), 400);
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'T1', rules: [{ rule: 1 }] }), 400);
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'bad name' }), 400);
    expectErrorBody(await api().post('/v1/roomTypes', { name: 'T1', id: 'x' }), 400);
    expect((await api().get('/v1/roomTypes/T1')).status).toBe(404);
  });

  it('still embeds its creator and owner once they are deleted', async () => {
    const leaver = await createUserWithToken(c.t);
    const res = await api(leaver.token).post('/v1/roomTypes', { name: 'LeftBehind' });
    expect(res.status).toBe(201);
    expect((await api(c.admin).del(`/v1/users/${leaver.user.name}`)).status).toBe(200);
    const read = await api().get('/v1/roomTypes/LeftBehind');
    expect(read.body.user).toMatchObject({ id: leaver.user.id, name: leaver.user.name });
    expect(read.body.owner).toMatchObject({ id: leaver.user.id });
    const listed = await api().get('/v1/roomTypes?name=LeftBehind');
    expect(listed.body[0].user).toMatchObject({ id: leaver.user.id });
  });
});

describe('rooms', () => {
  beforeAll(async () => {
    await api().post('/v1/roomTypes', { name: 'Ops', settings: { color: 'red' }, bots: ['RoomBotA', 'RoomBotB'] });
  });

  it('copies empty settings and bots from the type, has an integer id, reads by id and name', async () => {
    const res = await api().post('/v1/rooms', { name: 'room-1', type: 'ops' });
    expect(res.status).toBe(201);
    expect(typeof res.body.id).toBe('number');
    expect(res.body).toMatchObject({ name: 'room-1', origin: 'other', active: false, settings: { color: 'red' }, bots: ['RoomBotA', 'RoomBotB'] });
    expect((await api().get(`/v1/rooms/${res.body.id}`)).body.name).toBe('room-1');
    expect((await api().get('/v1/rooms/ROOM-1')).body.id).toBe(res.body.id);
    const own = await api().post('/v1/rooms', { name: 'room-2', type: 'Ops', settings: { x: 1 }, bots: ['RoomBotB'], active: true, origin: 'web' });
    expect(own.body).toMatchObject({ settings: { x: 1 }, bots: ['RoomBotB'], active: true, origin: 'web' });
  });

  it('filters lists by active, name, type (id or name) and origin, with X-Total-Count', async () => {
    const active = await api().get('/v1/rooms?active=true');
    expect(active.body.map((r: { name: string }) => r.name)).toEqual(['room-2']);
    expect((await api().get('/v1/rooms?type=Ops')).headers['x-total-count']).toBe('2');
    expect((await api().get('/v1/rooms?type=nope')).headers['x-total-count']).toBe('0');
    expect((await api().get('/v1/rooms?origin=web')).body).toHaveLength(1);
    expect((await api().get('/v1/rooms?sort=-name&limit=1')).body[0].name).toBe('room-2');
  });

  it('patches what the BDK patches (settings, externalId, name, active)', async () => {
    const room = (await api().get('/v1/rooms/room-1')).body;
    const res = await api().patch(`/v1/rooms/${room.id}`, { settings: { y: 2 }, externalId: 'ext-1', name: 'room-1b', active: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: room.id, settings: { y: 2 }, externalId: 'ext-1', name: 'room-1b', active: true });
  });

  it('refuses an unknown type, a bad origin, a duplicate name; 404 for unknown rooms', async () => {
    expectErrorBody(await api().post('/v1/rooms', { name: 'r9', type: 'nope' }), 400);
    expectErrorBody(await api().post('/v1/rooms', { name: 'r9', type: 'Ops', origin: 'mars' }), 400);
    expectErrorBody(await api().post('/v1/rooms', { name: 'ROOM-2', type: 'Ops' }), 409);
    expectErrorBody(await api().get('/v1/rooms/999999'), 404);
    expectErrorBody(await api().patch('/v1/rooms/999999', { active: true }), 404);
    expect((await api().get('/v1/rooms?name=r9')).body).toHaveLength(0);
  });

  it('follows the writers of a room (override=admin for admins only)', async () => {
    const room = (await api().post('/v1/rooms', { name: 'guarded', type: 'Ops' })).body;
    expect((await api().post(`/v1/rooms/${room.id}/writers`, [c.u.user.name])).status).toBe(201);
    expectErrorBody(await api(c.other.token).patch(`/v1/rooms/${room.id}`, { active: true }), 403, 'ForbiddenError');
    expectErrorBody(await api(c.admin).patch(`/v1/rooms/guarded`, { active: true }), 403);
    expect((await api(c.admin).patch(`/v1/rooms/guarded?override=admin`, { active: true })).status).toBe(200);
    expect((await api().get(`/v1/rooms/${room.id}/writers`)).body.map((w: { name: string }) => w.name)).toEqual([c.u.user.name]);
    expect((await api().del(`/v1/rooms/${room.id}`)).status).toBe(200);
  });

  it('a UUID is not a room id: writers routes answer 404, not a database error', async () => {
    const uuid = '97882d4b-3fda-45ba-a719-f82e2eb4da34';
    expectErrorBody(await api().post(`/v1/rooms/${uuid}/writers`, [c.u.user.name]), 404);
    expectErrorBody(await api().del(`/v1/rooms/${uuid}/writers/${c.u.user.name}`), 404);
    expectErrorBody(await api().get(`/v1/rooms/${uuid}/writers`), 404);
  });

  it('a room type in use cannot be deleted', async () => {
    expectErrorBody(await api().del('/v1/roomTypes/Ops'), 400);
  });
});
