import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { MetricsService } from '../../src/metrics/metrics.service';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { createUserWithToken } from '../support/identity';
import { TcpProxy } from '../support/tcp-proxy';

const QUERY_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 500;
const BULK_TIMEOUT_MS = 2000;

/**
 * The database in trouble, through a TCP proxy of this test's own between a second app and the
 * shared PostgreSQL (never stopping the server): an outage and a silent partition are answered
 * 503 with Retry-After within the configured limits, a valid token is never called bad, and the
 * app recovers by itself as soon as the database is back. A proxy in front of the embedded
 * engine is not something that engine can be given, so this file needs a PostgreSQL server.
 */
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('database faults (PostgreSQL server, TCP proxy)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let far: NestExpressApplication;
  const there = () => request(far.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({
      DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DB_BULK_QUERY_TIMEOUT_MS: String(BULK_TIMEOUT_MS),
    });
    proxy = await TcpProxy.start(t.db.url);
    far = await createApp(t.config, { url: proxy.urlFor(t.db.url), embedded: false });
  });
  afterEach(() => {
    proxy.mode = 'forward';
  });
  afterAll(async () => {
    proxy.mode = 'forward';
    await far.close();
    await proxy.close();
    await t.close();
  });

  async function untilOk(path: string, token: string, ms: number): Promise<number> {
    const start = Date.now();
    for (;;) {
      const res = await there().get(path).set('Authorization', token);
      if (res.status === 200) return Date.now() - start;
      if (Date.now() - start > ms) throw new Error(`still ${res.status} after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('an outage: 503 with Retry-After (never 401) for a token it has not seen, and recovery within a second of the return', async () => {
    const u = await createUserWithToken(t);
    const seen = await createUserWithToken(t);
    expect((await there().get('/v1/aspects').set('Authorization', seen.token)).status).toBe(200);

    proxy.refuse();
    for (const token of [u.token, seen.token]) {
      const res = await there().get('/v1/aspects').set('Authorization', token);
      expectErrorBody(res, 503, 'ServiceUnavailableError');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const health = await there().get('/v1/health/ready');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'unavailable' });

    proxy.mode = 'forward';
    expect(await untilOk('/v1/aspects', u.token, 1000)).toBeLessThan(1000);
    expect((await there().get('/v1/health')).status).toBe(200);
    const text = await far.get(MetricsService).render();
    expect(text).toMatch(/^refocus_db_unavailable_total [1-9]/m);
  });

  it('a silent partition: 503 within the statement limit, then recovery', async () => {
    const u = await createUserWithToken(t);
    expect((await there().get('/v1/aspects').set('Authorization', u.token)).status).toBe(200);
    proxy.mode = 'silent';
    const started = Date.now();
    const res = await there().get('/v1/aspects').set('Authorization', u.token);
    const took = Date.now() - started;
    expectErrorBody(res, 503, 'ServiceUnavailableError');
    expect(took).toBeLessThan(QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000);
    // a token it never saw: the token check itself waits at most the limits too, and is not a 401
    const v = await createUserWithToken(t);
    const started2 = Date.now();
    expectErrorBody(await there().get('/v1/aspects').set('Authorization', v.token), 503, 'ServiceUnavailableError');
    expect(Date.now() - started2).toBeLessThan(QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000);

    // writes in a transaction, and the bulk upsert under its own (longer) limit, are 503 too
    const write = Date.now();
    expectErrorBody(await there().post('/v1/subjects').set('Authorization', u.token).send({ name: 'DuringPartition' }), 503, 'ServiceUnavailableError');
    expect(Date.now() - write).toBeLessThan(QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000);
    const bulk = Date.now();
    const bulkRes = await there().post('/v1/samples/upsert/bulk').set('Authorization', u.token).send([{ name: 'a|b', value: '1' }]);
    expectErrorBody(bulkRes, 503, 'ServiceUnavailableError');
    expect(Date.now() - bulk).toBeLessThan(BULK_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000);

    proxy.mode = 'forward';
    await untilOk('/v1/aspects', u.token, 5000);
    expect((await there().get('/v1/subjects/DuringPartition').set('Authorization', u.token)).status).toBe(404);
    expect(await far.get(MetricsService).render()).toMatch(/^refocus_db_timeouts_total\{kind="statement"\} [1-9]/m);
  });
});
