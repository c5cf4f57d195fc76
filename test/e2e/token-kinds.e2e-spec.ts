import { randomUUID } from 'node:crypto';
import { TokensService } from '../../src/tokens/tokens.service';
import { startWithCast, type Cast } from '../support/identity';

/** Tokens the server issues for one record (collector, generator, bot, room view). */
describe('token kinds: bound tokens act as their user, are listed, replaced and revoked with their record', () => {
  let c: Cast;
  let tokens: TokensService;
  beforeAll(async () => {
    c = await startWithCast();
    tokens = c.t.app.get(TokensService);
  });
  afterAll(async () => {
    await c.t.close();
  });

  const whoAmI = (token: string) => c.t.http().get(`/v1/tokens`).set('Authorization', token);

  it('a bound token authenticates as its user and shows its kind and record in the owner’s list', async () => {
    const collectorId = randomUUID();
    const { secret, record } = await tokens.issueBoundToken(c.u.user.id, { kind: 'collector', boundId: collectorId, name: 'collector c1' });
    expect(secret).toMatch(/^rfk_[A-Za-z0-9_-]+$/);
    expect(record).toMatchObject({ kind: 'collector', boundId: collectorId, name: 'collector c1', user: { id: c.u.user.id } });
    const res = await whoAmI(secret);
    expect(res.status).toBe(200);
    const listed = (res.body as Array<{ id: string; kind: string; boundId: string | null }>).find((t) => t.id === record.id);
    expect(listed).toMatchObject({ kind: 'collector', boundId: collectorId });
    expect((res.body as Array<{ kind: string }>).filter((t) => t.kind === 'user').length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toContain(secret.slice(4, 12));
  });

  it('a new token for the same collector, generator or bot replaces the old one at once', async () => {
    const botId = randomUUID();
    const first = await tokens.issueBoundToken(c.u.user.id, { kind: 'bot', boundId: botId, name: 'bot b1' });
    expect((await whoAmI(first.secret)).status).toBe(200);
    const second = await tokens.issueBoundToken(c.u.user.id, { kind: 'bot', boundId: botId, name: 'bot b1' });
    expect((await whoAmI(first.secret)).status).toBe(401);
    expect((await whoAmI(second.secret)).status).toBe(200);
  });

  it('revoking a record’s tokens refuses them on the very next request, and only them', async () => {
    const generatorId = randomUUID();
    const gen = await tokens.issueBoundToken(c.u2.user.id, { kind: 'generator', boundId: generatorId, name: 'generator g1' });
    const otherGen = await tokens.issueBoundToken(c.u2.user.id, { kind: 'generator', boundId: randomUUID(), name: 'generator g2' });
    expect((await whoAmI(gen.secret)).status).toBe(200);
    await tokens.revokeBoundTokens('generator', generatorId, null);
    const refused = await whoAmI(gen.secret);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].type).toBe('AuthenticationError');
    expect((await whoAmI(otherGen.secret)).status).toBe(200);
    expect((await whoAmI(c.u2.token)).status).toBe(200);
  });

  it('room-view tokens may be many per room and expire; a bound name never clashes with a person’s token names', async () => {
    const a = await tokens.issueBoundToken(c.other.user.id, { kind: 'room', boundId: '7', name: 'room 7', expiresAt: new Date(Date.now() + 60_000) });
    const b = await tokens.issueBoundToken(c.other.user.id, { kind: 'room', boundId: '7', name: 'room 7', expiresAt: new Date(Date.now() + 60_000) });
    // a room-view token works only on its room's routes (@RoomScoped): a user look-up, not the token list
    const lookUp = (token: string) => c.t.http().get(`/v1/users/${c.other.user.id}`).set('Authorization', token);
    expect((await lookUp(a.secret)).status).toBe(200);
    expect((await lookUp(b.secret)).status).toBe(200);
    expect((await whoAmI(a.secret)).status).toBe(403);
    const own = await c.t.http().post('/v1/tokens').set('Authorization', c.other.token).send({ name: 'room 7' });
    expect(own.status).toBe(201);
    expect(own.body.kind).toBe('user');
    const dup = await c.t.http().post('/v1/tokens').set('Authorization', c.other.token).send({ name: 'ROOM 7' });
    expect(dup.status).toBe(409);
    const byName = await c.t.http().get(`/v1/users/${c.other.user.name}/tokens/room%207`).set('Authorization', c.other.token);
    expect(byName.body).toMatchObject({ id: own.body.id, kind: 'user' });
  });

  it('deleting the user refuses every kind of their tokens', async () => {
    const u = c.u;
    const bot = await tokens.issueBoundToken(u.user.id, { kind: 'bot', boundId: randomUUID(), name: 'bot b2' });
    expect((await c.t.http().delete(`/v1/users/${u.user.id}`).set('Authorization', u.token)).status).toBe(200);
    expect((await whoAmI(bot.secret)).status).toBe(401);
  });
});
