import { api } from '../support/api';
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
    return api(t).as(token).post('/v1/tokens', body);
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
    expectErrorBody(await api(t).as(alice.token).post('/v1/tokens', [{ name: 'arr' }]), 400);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tokens')).toEqual(before);
    expect((await create(alice.token, { name: 'x'.repeat(60) })).status).toBe(201);
  });

  it('honours expiresAt: works before, 401 after (even for a token the guard has cached)', async () => {
    const expires = Date.now() + 1500;
    const future = new Date(expires).toISOString();
    const res = await create(alice.token, { name: 'short-lived', expiresAt: future });
    expect(res.status).toBe(201);
    expect(new Date(res.body.expiresAt).toISOString()).toBe(future);
    expect((await api(t).as(res.body.token).get('/v1/tokens')).status).toBe(200);
    await new Promise((r) => setTimeout(r, expires - Date.now() + 50));
    expectErrorBody(await api(t).as(res.body.token).get('/v1/tokens'), 401, 'AuthenticationError');
  });

  it('lists only the caller\'s tokens; an admin sees all, or one user\'s with ?user=', async () => {
    const mine = track(await api(t).as(alice.token).get('/v1/tokens'));
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(1);
    expect(mine.body.every((r: { user: { id: string } }) => r.user.id === alice.user.id)).toBe(true);
    expect(mine.headers['x-total-count']).toBe(String(mine.body.length));
    const other = await api(t).as(alice.token).get('/v1/tokens?user=bob');
    expect(other.body).toEqual([]);
    const all = track(await api(t).as(admin).get('/v1/tokens'));
    const owners = new Set(all.body.map((r: { user: { name: string } }) => r.user.name));
    expect(owners).toEqual(new Set(['alice', 'bob', 'admin@refocus.admin']));
    const bobs = track(await api(t).as(admin).get('/v1/tokens?user=BOB'));
    expect(bobs.body.length).toBeGreaterThan(0);
    expect(bobs.body.every((r: { user: { name: string } }) => r.user.name === 'bob')).toBe(true);
    const page = await api(t).as(alice.token).get('/v1/tokens?limit=1&offset=1');
    expect(page.body).toHaveLength(1);
    expect(page.headers['x-total-count']).toBe(String(mine.body.length));
  });

  it('gets a token by id or by its own name; another user\'s token is 404 on every route', async () => {
    const created = await create(bob.token, { name: 'bobs-private' });
    const id = created.body.id as string;
    expect(track(await api(t).as(bob.token).get(`/v1/tokens/${id}`)).body.name).toBe('bobs-private');
    expect(track(await api(t).as(bob.token).get('/v1/tokens/BOBS-PRIVATE')).body.id).toBe(id);
    expect(track(await api(t).as(admin).get(`/v1/tokens/${id}`)).status).toBe(200);
    const asAlice = api(t).as(alice);
    const attempts = [
      asAlice.get(`/v1/tokens/${id}`),
      asAlice.get('/v1/tokens/bobs-private'),
      asAlice.delete(`/v1/tokens/${id}`),
      asAlice.post(`/v1/tokens/${id}/revoke`),
      asAlice.post(`/v1/tokens/${id}/restore`),
      asAlice.get('/v1/users/bob/tokens'),
      asAlice.get(`/v1/users/${bob.user.id}/tokens`),
      asAlice.get('/v1/users/bob/tokens/bobs-private'),
      asAlice.delete('/v1/users/bob/tokens/bobs-private'),
      asAlice.post('/v1/users/bob/tokens/bobs-private/revoke'),
      asAlice.post('/v1/users/bob/tokens/bobs-private/restore'),
    ];
    for (const req of attempts) expectErrorBody(await req, 404, 'ResourceNotFoundError');
    expectErrorBody(await api(t).as(admin).get(`/v1/tokens/${UNKNOWN_ID}`), 404);
    expectErrorBody(await api(t).as(admin).get('/v1/users/nobody/tokens'), 404);
    const after = await api(t).as(bob.token).get(`/v1/tokens/${id}`);
    expect(after.body.isRevoked).toBe('0');
  });

  it('revoke takes effect on the very next request; restore is admin-only and brings it back', async () => {
    const created = await create(alice.token, { name: 'to-revoke' });
    const secret = created.body.token as string;
    expect((await api(t).as(secret).get('/v1/tokens')).status).toBe(200);
    const revoked = track(await api(t).as(alice.token).post(`/v1/tokens/${created.body.id}/revoke`));
    expect(revoked.status).toBe(200);
    expect(Number(revoked.body.isRevoked)).toBeGreaterThan(0);
    expect(typeof revoked.body.isRevoked).toBe('string');
    expectErrorBody(await api(t).as(secret).get('/v1/tokens'), 401, 'AuthenticationError');
    expectErrorBody(await api(t).as(alice.token).post(`/v1/tokens/${created.body.id}/revoke`), 400, 'InvalidTokenActionError');
    expectErrorBody(await api(t).as(alice.token).post(`/v1/tokens/${created.body.id}/restore`), 403, 'ForbiddenError');
    const restored = track(await api(t).as(admin).post(`/v1/tokens/${created.body.id}/restore`));
    expect(restored.status).toBe(200);
    expect(restored.body.isRevoked).toBe('0');
    expect((await api(t).as(secret).get('/v1/tokens')).status).toBe(200);
    expectErrorBody(await api(t).as(admin).post(`/v1/tokens/${created.body.id}/restore`), 400, 'InvalidTokenActionError');
  });

  it('a token may revoke itself, and then is refused', async () => {
    const created = await create(alice.token, { name: 'self-revoke' });
    const res = await api(t).as(created.body.token).post('/v1/tokens/self-revoke/revoke');
    expect(res.status).toBe(200);
    expectErrorBody(await api(t).as(created.body.token).get('/v1/tokens'), 401);
  });

  it('delete takes effect on the very next request and answers the deleted record', async () => {
    const created = await create(alice.token, { name: 'to-delete' });
    expect((await api(t).as(created.body.token).get('/v1/tokens')).status).toBe(200);
    const res = track(await api(t).as(alice.token).delete(`/v1/tokens/${created.body.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, name: 'to-delete' });
    expect(res.body.token).toBeUndefined();
    expectErrorBody(await api(t).as(created.body.token).get('/v1/tokens'), 401);
    expectErrorBody(await api(t).as(alice.token).get(`/v1/tokens/${created.body.id}`), 404);
  });

  it('the /v1/users/{user}/tokens family works for the owner (by name or id) and for admins', async () => {
    await create(bob.token, { name: 'family' });
    const list = track(await api(t).as(bob.token).get('/v1/users/Bob/tokens'));
    expect(list.status).toBe(200);
    expect(list.body.map((r: { name: string }) => r.name)).toContain('family');
    expect(list.headers['x-total-count']).toBe(String(list.body.length));
    expect(track(await api(t).as(bob.token).get(`/v1/users/${bob.user.id}/tokens/FAMILY`)).body.name).toBe('family');
    expect(track(await api(t).as(admin).get('/v1/users/bob/tokens/family')).status).toBe(200);
    const rev = track(await api(t).as(bob.token).post('/v1/users/bob/tokens/family/revoke'));
    expect(Number(rev.body.isRevoked)).toBeGreaterThan(0);
    expectErrorBody(await api(t).as(bob.token).post('/v1/users/bob/tokens/family/restore'), 403);
    expect(track(await api(t).as(admin).post('/v1/users/bob/tokens/family/restore')).body.isRevoked).toBe('0');
    expect(track(await api(t).as(admin).delete('/v1/users/bob/tokens/family')).status).toBe(200);
    expectErrorBody(await api(t).as(bob.token).get('/v1/users/bob/tokens/family'), 404);
  });

  it('sets lastUsed on first use and does not rewrite it on every request', async () => {
    const created = await create(alice.token, { name: 'last-used' });
    expect(created.body.lastUsed).toBeNull();
    await api(t).as(created.body.token).get('/v1/tokens');
    const first = (await api(t).as(alice.token).get(`/v1/tokens/${created.body.id}`)).body.lastUsed;
    expect(first).not.toBeNull();
    await api(t).as(created.body.token).get('/v1/tokens');
    await api(t).as(created.body.token).get('/v1/tokens');
    const again = (await api(t).as(alice.token).get(`/v1/tokens/${created.body.id}`)).body.lastUsed;
    expect(again).toBe(first);
  });

  it('never shows a secret again after its creation response', async () => {
    const created = await create(alice.token, { name: 'secret-scan' });
    const secret = created.body.token as string;
    await api(t).as(secret).get('/v1/tokens');
    track(await api(t).as(secret).get('/v1/tokens'));
    track(await api(t).as(secret).get(`/v1/tokens/${created.body.id}`));
    track(await api(t).as(secret).get('/v1/users/alice/tokens'));
    track(await api(t).as(secret).get('/v1/users/alice'));
    track(await api(t).as(alice.token).post('/v1/tokens/secret-scan/revoke'));
    track(await api(t).as(secret).get('/v1/tokens'));
    track(await api(t).as(admin).get('/v1/tokens'));
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
    expectErrorBody(await api(t).as(carol.token).get('/v1/tokens/one-too-many'), 404);
    expect((await create(alice.token, { name: 'others-unaffected' })).status).toBe(201);
  });
});
