import type { Response } from 'supertest';
import { ServerKey } from '../../src/auth/server-key';
import { TokensService, TOKENS_PER_USER_PER_HOUR } from '../../src/tokens/tokens.service';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Every 8-character piece of the random part of a secret. */
function pieces(secret: string): string[] {
  const body = secret.slice(4);
  return Array.from({ length: body.length - 7 }, (_, i) => body.slice(i, i + 8));
}

describe('tokens: /v1/tokens and /v1/users/{user}/tokens', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let admin: string;
  const seen: Response[] = [];
  const auth = (token: string) => ({ Authorization: token });
  const track = (res: Response): Response => {
    seen.push(res);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUserWithToken(t, 'alice');
    bob = await createUserWithToken(t, 'bob');
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function create(token: string, body: object): Promise<Response> {
    return t.http().post('/v1/tokens').set(auth(token)).send(body);
  }

  it('creates a token: 201, the record, the secret once, no-store, and the digest (not the secret) stored', async () => {
    const res = await create(alice.token, { name: 'collector' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(
      ['boundId', 'createdAt', 'expiresAt', 'id', 'isRevoked', 'kind', 'lastUsed', 'name', 'token', 'updatedAt', 'user'].sort(),
    );
    expect(res.body).toMatchObject({ name: 'collector', isRevoked: '0', lastUsed: null, expiresAt: null, user: alice.user });
    expect(res.body.token).toMatch(/^rfk_[A-Za-z0-9_-]+$/);
    expect(Buffer.from(res.body.token.slice(4), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const rows: Array<Record<string, unknown>> = await t.dataSource.query('SELECT * FROM tokens WHERE id = $1', [res.body.id]);
    expect(rows[0].digest).toBe(t.app.get(ServerKey).tokenDigest(res.body.token));
    expect(JSON.stringify(rows)).not.toContain(res.body.token.slice(4, 12));
  });

  it('issues distinct secrets of the right shape (1,000 of them)', () => {
    const all = new Set(Array.from({ length: 1000 }, () => TokensService.newSecret()));
    expect(all.size).toBe(1000);
    for (const s of all) expect(s).toMatch(/^rfk_[A-Za-z0-9_-]{32}$/);
  });

  it('refuses a duplicate name in any letter case (409) but lets another user use it', async () => {
    expect((await create(alice.token, { name: 'Shared' })).status).toBe(201);
    expectErrorBody(await create(alice.token, { name: 'shared' }), 409, 'DuplicateResourceError');
    expectErrorBody(await create(alice.token, { name: 'SHARED' }), 409, 'DuplicateResourceError');
    expect((await create(bob.token, { name: 'shared' })).status).toBe(201);
  });

  it('validates the body: name 1-60 characters, expiresAt in the future, no read-only fields', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tokens');
    expectErrorBody(await create(alice.token, {}), 400);
    expectErrorBody(await create(alice.token, { name: '' }), 400);
    expectErrorBody(await create(alice.token, { name: '   ' }), 400);
    expectErrorBody(await create(alice.token, { name: 'x'.repeat(61) }), 400);
    expectErrorBody(await create(alice.token, { name: 42 }), 400);
    expectErrorBody(await create(alice.token, { name: 'past', expiresAt: '2001-01-01T00:00:00Z' }), 400);
    expectErrorBody(await create(alice.token, { name: 'bad-date', expiresAt: 'tomorrow' }), 400);
    for (const field of ['id', 'isRevoked', 'createdAt', 'updatedAt', 'createdBy', 'token', 'user']) {
      expectErrorBody(await create(alice.token, { name: `ro-${field}`, [field]: 'x' }), 400);
    }
    expectErrorBody(await t.http().post('/v1/tokens').set(auth(alice.token)).send([{ name: 'arr' }]), 400);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tokens')).toEqual(before);
    expect((await create(alice.token, { name: 'x'.repeat(60) })).status).toBe(201);
  });

  it('honours expiresAt: works before, 401 after (even for a token the guard has cached)', async () => {
    const expires = Date.now() + 1500;
    const future = new Date(expires).toISOString();
    const res = await create(alice.token, { name: 'short-lived', expiresAt: future });
    expect(res.status).toBe(201);
    expect(new Date(res.body.expiresAt).toISOString()).toBe(future);
    expect((await t.http().get('/v1/tokens').set(auth(res.body.token))).status).toBe(200);
    await new Promise((r) => setTimeout(r, expires - Date.now() + 50));
    expectErrorBody(await t.http().get('/v1/tokens').set(auth(res.body.token)), 401, 'AuthenticationError');
  });

  it('lists only the caller\'s tokens; an admin sees all, or one user\'s with ?user=', async () => {
    const mine = track(await t.http().get('/v1/tokens').set(auth(alice.token)));
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(1);
    expect(mine.body.every((r: { user: { id: string } }) => r.user.id === alice.user.id)).toBe(true);
    expect(mine.headers['x-total-count']).toBe(String(mine.body.length));
    const other = await t.http().get('/v1/tokens?user=bob').set(auth(alice.token));
    expect(other.body).toEqual([]);
    const all = track(await t.http().get('/v1/tokens').set(auth(admin)));
    const owners = new Set(all.body.map((r: { user: { name: string } }) => r.user.name));
    expect(owners).toEqual(new Set(['alice', 'bob', 'admin@refocus.admin']));
    const bobs = track(await t.http().get('/v1/tokens?user=BOB').set(auth(admin)));
    expect(bobs.body.length).toBeGreaterThan(0);
    expect(bobs.body.every((r: { user: { name: string } }) => r.user.name === 'bob')).toBe(true);
    const page = await t.http().get('/v1/tokens?limit=1&offset=1').set(auth(alice.token));
    expect(page.body).toHaveLength(1);
    expect(page.headers['x-total-count']).toBe(String(mine.body.length));
  });

  it('gets a token by id or by its own name; another user\'s token is 404 on every route', async () => {
    const created = await create(bob.token, { name: 'bobs-private' });
    const id = created.body.id as string;
    expect(track(await t.http().get(`/v1/tokens/${id}`).set(auth(bob.token))).body.name).toBe('bobs-private');
    expect(track(await t.http().get('/v1/tokens/BOBS-PRIVATE').set(auth(bob.token))).body.id).toBe(id);
    expect(track(await t.http().get(`/v1/tokens/${id}`).set(auth(admin))).status).toBe(200);
    const attempts = [
      t.http().get(`/v1/tokens/${id}`),
      t.http().get('/v1/tokens/bobs-private'),
      t.http().delete(`/v1/tokens/${id}`),
      t.http().post(`/v1/tokens/${id}/revoke`),
      t.http().post(`/v1/tokens/${id}/restore`),
      t.http().get('/v1/users/bob/tokens'),
      t.http().get(`/v1/users/${bob.user.id}/tokens`),
      t.http().get('/v1/users/bob/tokens/bobs-private'),
      t.http().delete('/v1/users/bob/tokens/bobs-private'),
      t.http().post('/v1/users/bob/tokens/bobs-private/revoke'),
      t.http().post('/v1/users/bob/tokens/bobs-private/restore'),
    ];
    for (const req of attempts) expectErrorBody(await req.set(auth(alice.token)), 404, 'ResourceNotFoundError');
    expectErrorBody(await t.http().get(`/v1/tokens/${UNKNOWN_ID}`).set(auth(admin)), 404);
    expectErrorBody(await t.http().get('/v1/users/nobody/tokens').set(auth(admin)), 404);
    const after = await t.http().get(`/v1/tokens/${id}`).set(auth(bob.token));
    expect(after.body.isRevoked).toBe('0');
  });

  it('revoke takes effect on the very next request; restore is admin-only and brings it back', async () => {
    const created = await create(alice.token, { name: 'to-revoke' });
    const secret = created.body.token as string;
    expect((await t.http().get('/v1/tokens').set(auth(secret))).status).toBe(200);
    const revoked = track(await t.http().post(`/v1/tokens/${created.body.id}/revoke`).set(auth(alice.token)));
    expect(revoked.status).toBe(200);
    expect(Number(revoked.body.isRevoked)).toBeGreaterThan(0);
    expect(typeof revoked.body.isRevoked).toBe('string');
    expectErrorBody(await t.http().get('/v1/tokens').set(auth(secret)), 401, 'AuthenticationError');
    expectErrorBody(await t.http().post(`/v1/tokens/${created.body.id}/revoke`).set(auth(alice.token)), 400, 'InvalidTokenActionError');
    expectErrorBody(await t.http().post(`/v1/tokens/${created.body.id}/restore`).set(auth(alice.token)), 403, 'ForbiddenError');
    const restored = track(await t.http().post(`/v1/tokens/${created.body.id}/restore`).set(auth(admin)));
    expect(restored.status).toBe(200);
    expect(restored.body.isRevoked).toBe('0');
    expect((await t.http().get('/v1/tokens').set(auth(secret))).status).toBe(200);
    expectErrorBody(await t.http().post(`/v1/tokens/${created.body.id}/restore`).set(auth(admin)), 400, 'InvalidTokenActionError');
  });

  it('a token may revoke itself, and then is refused', async () => {
    const created = await create(alice.token, { name: 'self-revoke' });
    const res = await t.http().post('/v1/tokens/self-revoke/revoke').set(auth(created.body.token));
    expect(res.status).toBe(200);
    expectErrorBody(await t.http().get('/v1/tokens').set(auth(created.body.token)), 401);
  });

  it('delete takes effect on the very next request and answers the deleted record', async () => {
    const created = await create(alice.token, { name: 'to-delete' });
    expect((await t.http().get('/v1/tokens').set(auth(created.body.token))).status).toBe(200);
    const res = track(await t.http().delete(`/v1/tokens/${created.body.id}`).set(auth(alice.token)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, name: 'to-delete' });
    expect(res.body.token).toBeUndefined();
    expectErrorBody(await t.http().get('/v1/tokens').set(auth(created.body.token)), 401);
    expectErrorBody(await t.http().get(`/v1/tokens/${created.body.id}`).set(auth(alice.token)), 404);
  });

  it('the /v1/users/{user}/tokens family works for the owner (by name or id) and for admins', async () => {
    await create(bob.token, { name: 'family' });
    const list = track(await t.http().get('/v1/users/Bob/tokens').set(auth(bob.token)));
    expect(list.status).toBe(200);
    expect(list.body.map((r: { name: string }) => r.name)).toContain('family');
    expect(list.headers['x-total-count']).toBe(String(list.body.length));
    expect(track(await t.http().get(`/v1/users/${bob.user.id}/tokens/FAMILY`).set(auth(bob.token))).body.name).toBe('family');
    expect(track(await t.http().get('/v1/users/bob/tokens/family').set(auth(admin))).status).toBe(200);
    const rev = track(await t.http().post('/v1/users/bob/tokens/family/revoke').set(auth(bob.token)));
    expect(Number(rev.body.isRevoked)).toBeGreaterThan(0);
    expectErrorBody(await t.http().post('/v1/users/bob/tokens/family/restore').set(auth(bob.token)), 403);
    expect(track(await t.http().post('/v1/users/bob/tokens/family/restore').set(auth(admin))).body.isRevoked).toBe('0');
    expect(track(await t.http().delete('/v1/users/bob/tokens/family').set(auth(admin))).status).toBe(200);
    expectErrorBody(await t.http().get('/v1/users/bob/tokens/family').set(auth(bob.token)), 404);
  });

  it('sets lastUsed on first use and does not rewrite it on every request', async () => {
    const created = await create(alice.token, { name: 'last-used' });
    expect(created.body.lastUsed).toBeNull();
    await t.http().get('/v1/tokens').set(auth(created.body.token));
    const first = (await t.http().get(`/v1/tokens/${created.body.id}`).set(auth(alice.token))).body.lastUsed;
    expect(first).not.toBeNull();
    await t.http().get('/v1/tokens').set(auth(created.body.token));
    await t.http().get('/v1/tokens').set(auth(created.body.token));
    const again = (await t.http().get(`/v1/tokens/${created.body.id}`).set(auth(alice.token))).body.lastUsed;
    expect(again).toBe(first);
  });

  it('never shows a secret again after its creation response', async () => {
    const created = await create(alice.token, { name: 'secret-scan' });
    const secret = created.body.token as string;
    await t.http().get('/v1/tokens').set(auth(secret));
    track(await t.http().get('/v1/tokens').set(auth(secret)));
    track(await t.http().get(`/v1/tokens/${created.body.id}`).set(auth(secret)));
    track(await t.http().get('/v1/users/alice/tokens').set(auth(secret)));
    track(await t.http().get('/v1/users/alice').set(auth(secret)));
    track(await t.http().post('/v1/tokens/secret-scan/revoke').set(auth(alice.token)));
    track(await t.http().get('/v1/tokens').set(auth(secret)));
    track(await t.http().get('/v1/tokens').set(auth(admin)));
    const everything = seen.map((r) => JSON.stringify(r.headers) + r.text).join('\n');
    for (const piece of pieces(secret)) expect(everything).not.toContain(piece);
    for (const s of [alice.token, bob.token, admin]) {
      for (const piece of pieces(s)) expect(everything).not.toContain(piece);
    }
  });

  it('caps token creation per user per hour (429 + Retry-After)', async () => {
    const carol = await createUserWithToken(t, 'carol'); // the helper's token counts too
    let res: Response | undefined;
    for (let i = 1; i < TOKENS_PER_USER_PER_HOUR; i++) {
      res = await create(carol.token, { name: `bulk-${i}` });
      expect(res.status).toBe(201);
    }
    res = await create(carol.token, { name: 'one-too-many' });
    expectErrorBody(res, 429, 'TooManyRequestsError');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expectErrorBody(await t.http().get('/v1/tokens/one-too-many').set(auth(carol.token)), 404);
    expect((await create(alice.token, { name: 'others-unaffected' })).status).toBe(201);
  });
});
