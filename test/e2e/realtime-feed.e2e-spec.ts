import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { TokensService } from '../../src/tokens/tokens.service';
import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import ioV2 from 'socket.io-client-v2';
import { insertLens } from '../support/records';
import { TEST_USER_PASSWORD } from '../support/identity';
import { connectFeed, eventually, FeedClient, listening, RT } from '../support/realtime';

/** The /perspectives feed through the real app: auth, subscription, event names and payloads (LIVE.md §1). */
describe('Realtime feed (socket.io /perspectives)', () => {
  let t: TestApp;
  let base: string;
  let u: TestUser;
  let admin: string;
  const clients: FeedClient[] = [];
  const open = async (query: Record<string, string>, token?: string) => {
    const c = await connectFeed(base, { query, token: token ?? u.token });
    clients.push(c);
    return c;
  };
  const api = (method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown) =>
    t.http()[method](path).set('Authorization', admin).send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_AUTH_CHECK_MS: '200' });
    base = await listening(t);
    u = await createUserWithToken(t);
    admin = await adminToken(t);
    for (const name of ['Fleet', 'FleetB']) await api('post', '/v1/subjects', { name, isPublished: true }).expect(201);
    await api('post', '/v1/subjects/Fleet/child', { name: 'East', isPublished: true, tags: ['prod'] }).expect(201);
    await api('post', '/v1/subjects/Fleet/child', { name: 'West', isPublished: true }).expect(201);
    for (const name of ['cpu', 'mem']) {
      await api('post', '/v1/aspects', { name, timeout: '1m', isPublished: true, criticalRange: [90, 100], okRange: [0, 89], valueType: 'NUMERIC', tags: name === 'cpu' ? ['compute'] : [] }).expect(201);
    }
  });
  afterEach(() => {
    while (clients.length) clients.pop()!.close();
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it('refuses no token, junk, and a token in the query string', async () => {
      await expect(connectFeed(base, { query: { root: 'Fleet' } })).rejects.toThrow('Unauthorized');
      await expect(connectFeed(base, { query: { root: 'Fleet' }, token: 'junk' })).rejects.toThrow('Unauthorized');
      await expect(connectFeed(base, { query: { root: 'Fleet', token: u.token, access_token: u.token } })).rejects.toThrow('Unauthorized');
    });

    it('refuses a room-view token (it is good only on its room’s HTTP routes)', async () => {
      const room = await t.app.get(TokensService).issueBoundToken(u.user.id, { kind: 'room', boundId: '1', name: 'room 1', expiresAt: new Date(Date.now() + 60_000) });
      await expect(connectFeed(base, { query: { root: 'Fleet' }, token: room.secret })).rejects.toThrow('Unauthorized');
    });

    it('accepts a raw token, Bearer, and the Authorization header', async () => {
      await open({ root: 'Fleet' }, u.token);
      await open({ root: 'Fleet' }, `Bearer ${u.token}`);
      const c = await connectFeed(base, { query: { root: 'Fleet' }, headers: { Authorization: u.token } });
      clients.push(c);
    });

    it('accepts the web session cookie, and disconnects when the session is signed out', async () => {
      const login = await t.http().post('/v1/authenticate').send({ username: u.user.name, password: TEST_USER_PASSWORD }).expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rfk_session='))!.split(';')[0];
      const c = await connectFeed(base, { query: { root: 'Fleet' }, headers: { Cookie: cookie } });
      clients.push(c);
      await expect(connectFeed(base, { query: { root: 'Fleet' }, headers: { Cookie: 'rfk_session=forged.mac' } })).rejects.toThrow('Unauthorized');
      const gone = new Promise<void>((r) => c.socket.once('disconnect', () => r()));
      await t.dataSource.query('DELETE FROM web_sessions'); // what signing out does (SessionService.end)
      await gone;
    });

    it('accepts an Engine.IO v3 (socket.io 2.x) client and sends it the same JSON strings', async () => {
      const old = ioV2(`${base}/perspectives`, {
        path: '/socket.io', query: { root: 'FleetB' }, transports: ['websocket'], reconnection: false, forceNew: true,
        extraHeaders: { Authorization: u.token },
      });
      try {
        // A 2.x client also joins the root namespace, whose gateway (bots) refuses it: 2.x clients
        // report that refusal on every namespace as an 'error', and connect here all the same.
        await new Promise<void>((resolve) => old.once('connect', () => resolve()));
        const got = new Promise<unknown>((r) => old.once(RT('sample.update'), r));
        await api('post', '/v1/samples/upsert', { name: 'FleetB|mem', value: '11' }).expect(200);
        await api('post', '/v1/samples/upsert', { name: 'FleetB|mem', value: '12' }).expect(200);
        const data = await got;
        expect(typeof data).toBe('string');
        expect(JSON.parse(data as string)).toHaveProperty([RT('sample.update'), 'new', 'value']);
      } finally {
        old.close();
      }
    });

    it('refuses an unknown perspective or root', async () => {
      await expect(open({ p: 'NoSuchPerspective' })).rejects.toThrow('Perspective not found');
      await expect(open({ root: 'NoSuchRoot' })).rejects.toThrow('Subject not found');
    });

    it('disconnects a client whose token is revoked while connected, within 2 s', async () => {
      const other = await createUserWithToken(t);
      const c = await open({ root: 'Fleet' }, other.token);
      const gone = new Promise<number>((r) => {
        const at = Date.now();
        c.socket.once('disconnect', () => r(Date.now() - at));
      });
      const tokens = await t.http().get('/v1/tokens').set('Authorization', other.token).expect(200);
      await t.http().post(`/v1/tokens/${(tokens.body as { id: string }[])[0].id}/revoke`).set('Authorization', other.token).expect(200);
      expect(await gone).toBeLessThan(2000);
      await expect(open({ root: 'Fleet' }, other.token)).rejects.toThrow('Unauthorized');
    });

    it('disconnects the clients of a deleted user', async () => {
      const other = await createUserWithToken(t);
      const c = await open({ root: 'Fleet' }, other.token);
      const gone = new Promise<void>((r) => c.socket.once('disconnect', () => r()));
      await t.http().delete(`/v1/users/${other.user.id}`).set('Authorization', admin).expect(200);
      await gone;
    });
  });

  describe('events', () => {
    it('sample add, update and nochange with the original names and JSON-string payloads', async () => {
      const c = await open({ root: 'Fleet' });
      const raw: unknown[] = [];
      c.socket.onAny((_n: string, d: unknown) => raw.push(d));
      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|cpu', value: '10' }).expect(200);
      const [add] = await c.wait((e) => e.name === RT('sample.add'));
      expect(typeof raw[0]).toBe('string');
      const s = add.data[RT('sample.add')] as Record<string, unknown>;
      expect(s).toMatchObject({ name: 'Fleet.East|cpu', value: '10', status: 'OK', absolutePath: 'Fleet.East', subject: { absolutePath: 'Fleet.East', tags: ['prod'] } });
      // LIVE.md §1: the sample as GET /v1/samples/{key} shows it, plus absolutePath and subject, its aspect only {name, tags, timeout}.
      expect(s.aspect).toEqual({ name: 'cpu', tags: ['compute'], timeout: '1m' });
      const got = (await t.http().get('/v1/samples/Fleet.East|cpu').set('Authorization', admin).expect(200)).body as Record<string, unknown>;
      const asGet = (r: Record<string, unknown>, drop: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k)));
      expect(asGet(s, ['absolutePath', 'subject', 'aspect'])).toEqual(asGet(got, ['aspect']));
      const fullAspect = got.aspect as { id: string };
      expect(s.aspectId).toBe(fullAspect.id);

      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|cpu', value: '95' }).expect(200);
      const [upd] = await c.wait((e) => e.name === RT('sample.update'));
      expect((upd.data[RT('sample.update')] as { new: Record<string, unknown> }).new).toMatchObject({ name: 'Fleet.East|cpu', status: 'Critical', previousStatus: 'OK' });

      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|cpu', value: '95' }).expect(200);
      const [same] = await c.wait((e) => e.name === RT('sample.nochange'));
      const nc = same.data[RT('sample.nochange')] as Record<string, unknown>;
      expect(Object.keys(nc).sort()).toEqual(['aspect', 'name', 'updatedAt']);
      expect(nc.aspect).toEqual({ name: 'cpu', timeout: '1m' });
    });

    it('bulk upserts, deletes and whole path segments (root Fleet never sees FleetB)', async () => {
      const c = await open({ root: 'Fleet' });
      await api('post', '/v1/samples/upsert/bulk', [
        { name: 'Fleet.West|cpu', value: '1' },
        { name: 'FleetB|cpu', value: '1' },
        { name: 'Fleet.West|mem', value: '99' },
      ]).expect(200);
      const adds = await c.wait((e) => e.name === RT('sample.add'), 2);
      expect(adds.map((e) => (e.data[RT('sample.add')] as { name: string }).name).sort()).toEqual(['Fleet.West|cpu', 'Fleet.West|mem']);
      await api('delete', '/v1/samples/Fleet.West|mem').expect(200);
      const [rm] = await c.wait((e) => e.name === RT('sample.remove'));
      expect(rm.data[RT('sample.remove')]).toMatchObject({ name: 'Fleet.West|mem' });
      expect(c.events.some((e) => JSON.stringify(e.data).includes('FleetB|'))).toBe(false);
    });

    it('websocket (v4 and Engine.IO v3) and polling clients of one view get the same events, byte for byte, in the same order', async () => {
      // Websocket connections get a message's events as frames encoded once for the view; polling ones through engine.io, one packet each.
      const ws = await open({ root: 'FleetB' });
      const polling = await connectFeed(base, { query: { root: 'FleetB' }, token: u.token, transports: ['polling'] });
      clients.push(polling);
      const raw = (c: FeedClient) => {
        const got: [string, unknown][] = [];
        c.socket.onAny((name: string, data: unknown) => got.push([name, data]));
        return got;
      };
      const [wsRaw, pollingRaw] = [raw(ws), raw(polling)];
      const old = ioV2(`${base}/perspectives`, {
        path: '/socket.io', query: { root: 'FleetB' }, transports: ['websocket'], reconnection: false, forceNew: true,
        extraHeaders: { Authorization: u.token },
      });
      const oldRaw: [string, unknown][] = [];
      try {
        await new Promise<void>((resolve) => old.once('connect', () => resolve()));
        for (const short of ['sample.add', 'sample.update', 'sample.remove', 'sample.nochange', 'subject.add', 'subject.update', 'subject.remove']) {
          old.on(RT(short), (data: unknown) => oldRaw.push([RT(short), data]));
        }
        const names = Array.from({ length: 30 }, (_, i) => `FleetB.N${i}`);
        for (const name of names.slice(0, 3)) await api('post', '/v1/subjects/FleetB/child', { name: name.slice(7), isPublished: true }).expect(201);
        await api('post', '/v1/samples/upsert/bulk', names.slice(0, 3).flatMap((n) => [{ name: `${n}|cpu`, value: '1' }, { name: `${n}|mem`, value: 'é "x" 😀' }])).expect(200);
        await api('post', '/v1/samples/upsert/bulk', names.slice(0, 3).flatMap((n, i) => [{ name: `${n}|cpu`, value: String(95 + i) }, { name: `${n}|mem`, value: 'é "x" 😀' }])).expect(200);
        await api('delete', '/v1/samples/FleetB.N1|cpu').expect(200);
        await api('post', '/v1/samples/upsert', { name: 'FleetB.N2|cpu', value: '3' }).expect(200);
        // 3 subjects + 6 adds, 3 updates + 3 nochange, 1 remove, 1 update
        const total = 17;
        await eventually(() => wsRaw.length >= total && pollingRaw.length >= total && oldRaw.length >= total, 10_000);
        const shortNames = wsRaw.map(([name]) => name.slice(RT('').length));
        expect(shortNames.slice(0, 9)).toEqual([...Array(3).fill('subject.add'), ...Array(6).fill('sample.add')]);
        expect(shortNames.slice(9, 15).sort()).toEqual([...Array(3).fill('sample.nochange'), ...Array(3).fill('sample.update')]);
        expect(shortNames.slice(15)).toEqual(['sample.remove', 'sample.update']);
        expect(wsRaw.every(([, data]) => typeof data === 'string')).toBe(true);
        expect(pollingRaw).toEqual(wsRaw);
        expect(oldRaw).toEqual(wsRaw);
      } finally {
        old.close();
      }
    });

    it('filters: status include, aspect exclude; a sample leaving the view is removed', async () => {
      const crit = await open({ root: 'Fleet', status: 'Critical' });
      const noCpu = await open({ root: 'fleet', aspect: '-CPU' });
      await api('post', '/v1/samples/upsert', { name: 'Fleet.West|cpu', value: '99' }).expect(200);
      await crit.wait((e) => e.name === RT('sample.add'));
      await api('post', '/v1/samples/upsert', { name: 'Fleet.West|cpu', value: '5' }).expect(200);
      await crit.wait((e) => e.name === RT('sample.remove'));
      await api('post', '/v1/samples/upsert', { name: 'Fleet.West|mem', value: '5' }).expect(200);
      await noCpu.wait((e) => e.name === RT('sample.add'));
      expect(noCpu.events.some((e) => JSON.stringify(e.data).includes('|cpu'))).toBe(false);
    });

    it('subject rename: remove of the old then add of the new, for the subject and its samples', async () => {
      await api('post', '/v1/subjects/Fleet/child', { name: 'North', isPublished: true }).expect(201);
      const c = await open({ root: 'Fleet' });
      await api('post', '/v1/samples/upsert', { name: 'Fleet.North|cpu', value: '1' }).expect(200);
      await c.wait((e) => e.name === RT('sample.add'));
      c.events.length = 0;
      await api('patch', '/v1/subjects/Fleet.North', { name: 'South' }).expect(200);
      await c.wait((e) => e.name === RT('subject.add'));
      const names = c.events.map((e) => e.name.replace(RT(''), ''));
      expect(names).toEqual(['sample.remove', 'subject.remove', 'subject.add', 'sample.add']);
      expect(c.events[3].data[RT('sample.add')]).toMatchObject({ name: 'Fleet.South|cpu' });
    });

    it('aspect range edit recomputes statuses as sample.update', async () => {
      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|mem', value: '50' }).expect(200);
      const c = await open({ root: 'Fleet', aspect: 'mem' });
      await api('patch', '/v1/aspects/mem', { criticalRange: [40, 100], okRange: [0, 39] }).expect(200);
      const isEast = (e: { name: string; data: Record<string, unknown> }) =>
        e.name === RT('sample.update') && (e.data[RT('sample.update')] as { new: { name: string } }).new.name === 'Fleet.East|mem';
      const [up] = await c.wait(isEast);
      expect((up.data[RT('sample.update')] as { new: { status: string; aspect: unknown } }).new).toMatchObject({ status: 'Critical', aspect: { name: 'mem', tags: [], timeout: '1m' } });
      await c.wait((e) => e.name === RT('aspect.update'));

      // A field sample events do not carry (LIVE.md §1: aspect {name, tags, timeout}) changes the aspect only.
      const seen = c.events.length;
      await api('patch', '/v1/aspects/mem', { description: 'memory in use' }).expect(200);
      await api('post', '/v1/samples/upsert', { name: 'Fleet.West|mem', value: '1' }).expect(200);
      await c.wait((e) => e.name !== RT('aspect.update') && JSON.stringify(e.data).includes('Fleet.West|mem'));
      const after = c.events.slice(seen);
      expect(after.filter((e) => e.name === RT('aspect.update'))).toHaveLength(1);
      expect(after.filter((e) => JSON.stringify(e.data).includes('Fleet.East|mem'))).toEqual([]);
    });
  
    it('the timeout job: sample.update to Timeout', async () => {
      await api('post', '/v1/samples/upsert', { name: 'Fleet.West|cpu', value: '3' }).expect(200);
      const c = await open({ root: 'Fleet', aspect: 'cpu' });
      await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '1 hour'`);
      expect(await t.app.get(SampleTimeoutJob).runOnce()).toBeGreaterThanOrEqual(1);
      const isWest = (e: { name: string; data: Record<string, unknown> }) =>
        e.name === RT('sample.update') && (e.data[RT('sample.update')] as { new: { name: string } }).new.name === 'Fleet.West|cpu';
      const [up] = await c.wait(isWest);
      expect((up.data[RT('sample.update')] as { new: Record<string, unknown> }).new).toMatchObject({ status: 'Timeout', value: 'Timeout', previousStatus: 'OK' });
    });

    it('unpublished subjects are invisible; unpublishing removes, publishing adds', async () => {
      await api('post', '/v1/subjects/Fleet/child', { name: 'Hidden', isPublished: false }).expect(201);
      const c = await open({ root: 'Fleet' });
      await api('post', '/v1/samples/upsert', { name: 'Fleet.Hidden|cpu', value: '1' }).expect(404);
      await api('patch', '/v1/subjects/Fleet.Hidden', { isPublished: true }).expect(200);
      await c.wait((e) => e.name === RT('subject.add'));
      await api('post', '/v1/samples/upsert', { name: 'Fleet.Hidden|cpu', value: '1' }).expect(200);
      await c.wait((e) => e.name === RT('sample.add'));
      await api('patch', '/v1/subjects/Fleet.Hidden', { isPublished: false }).expect(200);
      await c.wait((e) => e.name === RT('subject.remove'));
      await c.wait((e) => e.name === RT('sample.remove'));
    });

    it('a perspective subscription uses its root and filters', async () => {
      const lens = await insertLens(t);
      await t.dataSource.query(
        `INSERT INTO perspectives (name, root_subject, lens_id, status_filter, status_filter_type) VALUES ('PCrit', 'Fleet', $1, '{Critical}', 'INCLUDE')`,
        [lens.id],
      );
      const c = await open({ p: 'pcrit' });
      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|cpu', value: '1' }).expect(200);
      await api('post', '/v1/samples/upsert', { name: 'Fleet.East|cpu', value: '99' }).expect(200);
      const [add] = await c.wait((e) => e.name === RT('sample.add'));
      expect(add.data[RT('sample.add')]).toMatchObject({ name: 'Fleet.East|cpu', status: 'Critical' });
    });
  });
});
