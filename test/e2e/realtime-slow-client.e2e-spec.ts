import http from 'node:http';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createTestApp, TestApp } from '../support/app';
import { adminToken } from '../support/identity';
import { connectFeed, eventually, listening, RT } from '../support/realtime';
import { FeedHub } from '../../src/realtime/feed/feed-hub';

/**
 * Bounded memory: a client that stops reading cannot grow the server. Its events wait in a
 * queue of REALTIME_QUEUE_MAX; beyond that the queue is dropped, and the client gets
 * `refocus.internal.realtime.resync` when it reads again.
 */
/**
 * A full garbage collection, so that the figures count what is kept, not what is garbage: the
 * heap, and what waits unsent in this process's TCP sockets (the feed writes websocket frames
 * to them as Buffers, outside the heap; the embedded engine's own memory is left out).
 */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose_gc');
  (vm.runInNewContext('gc') as () => void)();
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const unsent = handles.reduce<number>((n, h) => n + (h instanceof net.Socket ? h.writableLength : 0), 0);
  return process.memoryUsage().heapUsed + unsent;
}

describe('Realtime feed: a client that stops reading', () => {
  let t: TestApp;
  let base: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_QUEUE_MAX: '50' });
    base = await listening(t);
    admin = await adminToken(t);
    await t.http().post('/v1/subjects').set('Authorization', admin).send({ name: 'Fleet', isPublished: true }).expect(201);
    await t.http().post('/v1/aspects').set('Authorization', admin).send({ name: 'cpu', timeout: '1m', isPublished: true }).expect(201);
    for (let i = 0; i < 200; i++) await t.dataSource.query(`INSERT INTO subjects (name, absolute_path, parent_id, is_published) SELECT $1::text, 'Fleet.' || $1::text, id, true FROM subjects WHERE absolute_path = 'Fleet'`, [`N${i}`]);
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await t.close();
  });

  const bulk = (round: number) =>
    t.http().post('/v1/samples/upsert/bulk').set('Authorization', admin)
      .send(Array.from({ length: 200 }, (_, i) => ({ name: `Fleet.N${i}|cpu`, value: String(round), messageBody: 'x'.repeat(2000) })))
      .expect(200);

  it('gets resync once it reads again, and the server holds at most the bound meanwhile', async () => {
    const c = await connectFeed(base, { query: { root: 'Fleet' }, token: admin });
    // Stop reading: pause the client's TCP socket (the kernel buffers fill, then the server's writes stall).
    const engine = (c.socket.io as unknown as { engine: { transport: { ws: { _socket: import('node:net').Socket } } } }).engine;
    const tcp = engine.transport.ws._socket;
    tcp.pause();
    const hub = t.app.get(FeedHub);
    const before = heapAfterGc();
    for (let round = 1; round <= 20; round++) await bulk(round);
    await new Promise((r) => setTimeout(r, 500));
    const queued = (hub as unknown as { connections: Set<{ queue: { size: number } }> }).connections;
    for (const conn of queued) expect(conn.queue.size).toBeLessThanOrEqual(50);
    const grew = heapAfterGc() - before;
    // 20 rounds × 200 events × ~3 KB = ~12 MB if nothing were dropped
    expect(grew).toBeLessThan(8 * 1024 * 1024);
    tcp.resume();
    await c.wait((e) => e.name === RT('resync'), 1, 10_000);
    const resync = c.events.find((e) => e.name === RT('resync'))!;
    expect(resync.data).toEqual({});
    // After the resync, the client is fed normally again.
    c.events.length = 0;
    await t.http().post('/v1/samples/upsert').set('Authorization', admin).send({ name: 'Fleet.N1|cpu', value: 'z' }).expect(200);
    await eventually(() => c.events.some((e) => e.name === RT('sample.update')), 5000);
    c.close();
  }, 60_000);

  it('SSE: a reader that never reads is bounded the same way', async () => {
    const req = http.get(`${base}/v1/subjects/Fleet/events`, { headers: { Authorization: admin } });
    const res = await new Promise<http.IncomingMessage>((r) => req.on('response', r));
    res.pause();
    for (let round = 21; round <= 30; round++) await bulk(round);
    const conns = (t.app.get(FeedHub) as unknown as { connections: Set<{ queue: { size: number } }> }).connections;
    for (const conn of conns) expect(conn.queue.size).toBeLessThanOrEqual(50);
    req.destroy();
  }, 60_000);

  it('on shutdown, clients are told (socket.io: the transport closes, so they reconnect elsewhere; SSE: the stream ends)', async () => {
    const c = await connectFeed(base, { query: { root: 'Fleet' }, token: admin });
    const reason = new Promise<string>((r) => c.socket.once('disconnect', (why: string) => r(why)));
    const req = http.get(`${base}/v1/subjects/Fleet/events`, { headers: { Authorization: admin } });
    const res = await new Promise<http.IncomingMessage>((r) => req.on('response', r));
    const ended = new Promise<void>((r) => res.on('close', () => r()));
    res.resume();
    closed = true;
    await t.close();
    expect(await reason).toBe('transport close');
    await ended;
  }, 30_000);
});
