import { MetricsService } from '../../src/metrics/metrics.service';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { startMetricsServer } from '../../src/metrics/metrics-server';
import { createTestApp, TestApp } from '../support/app';
import { adminToken } from '../support/identity';

const sample = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};

describe('metrics and strict UTF-8 bodies', () => {
  let t: TestApp;
  let server: { port: number; close(): Promise<void> };

  beforeAll(async () => {
    t = await createTestApp();
    server = await startMetricsServer(t.app.get(MetricsService), 0);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  it('exposes request, pool and process metrics in the Prometheus format, and they move', async () => {
    const token = await adminToken(t);
    const name = 'refocus_http_requests_total{method="GET",route="/v1/aspects/:key",status="404"}';
    const before = sample(await scrape(), name);
    for (let i = 0; i < 3; i++) await t.http().get(`/v1/aspects/no-such-${i}`).set('Authorization', token);
    const text = await scrape();
    expect(sample(text, name)).toBe(before + 3);
    expect(text).toMatch(/^refocus_http_request_duration_seconds_bucket\{.*route="\/v1\/aspects\/:key".*\} \d+/m);
    expect(sample(text, 'refocus_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(sample(text, 'refocus_db_pool_acquire_wait_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    // a path that is no route is counted under one label, not one series per path
    await t.http().get('/v1/no-such-route-123');
    expect(await scrape()).not.toMatch(/no-such-route-123/);
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  });

  it('counts bulk upsert samples, sample timeouts and credentials cache look-ups', async () => {
    const token = await adminToken(t);
    const auth = { Authorization: token };
    expect((await t.http().post('/v1/aspects').set(auth).send({ name: 'Metered', timeout: '1m', isPublished: true })).status).toBe(201);
    for (const name of ['m1', 'm2', 'm3']) expect((await t.http().post('/v1/subjects').set(auth).send({ name, isPublished: true })).status).toBe(201);
    const before = await scrape();
    const items = ['m1', 'm2', 'm3', 'nowhere'].map((s) => ({ name: `${s}|Metered`, value: '1' }));
    expect((await t.http().post('/v1/samples/upsert/bulk').set(auth).send(items)).status).toBe(200);
    await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '1 hour'`);
    expect(await t.app.get(SampleTimeoutJob).runOnce()).toBe(3);
    const after = await scrape();
    expect(sample(after, 'refocus_bulk_upsert_samples_total') - sample(before, 'refocus_bulk_upsert_samples_total')).toBe(3);
    expect(sample(after, 'refocus_bulk_upsert_errors_total') - sample(before, 'refocus_bulk_upsert_errors_total')).toBe(1);
    expect(sample(after, 'refocus_bulk_upsert_write_seconds_count') - sample(before, 'refocus_bulk_upsert_write_seconds_count')).toBe(1);
    expect(sample(after, 'refocus_sample_timeouts_total') - sample(before, 'refocus_sample_timeouts_total')).toBe(3);
    const hits = 'refocus_credentials_cache_lookups_total{result="hit"}';
    if (sample(after, 'refocus_credentials_cache_listening') === 1) {
      expect(sample(after, hits)).toBeGreaterThan(sample(before, hits));
    }
    expect(sample(after, 'refocus_credentials_cache_lookups_total{result="miss"}')).toBeGreaterThan(0);
  });

  it('refuses a JSON body that is not valid UTF-8 with 400 naming the problem, and stores nothing', async () => {
    const token = await adminToken(t);
    // raw bytes (supertest would serialise a Buffer as JSON)
    const http = t.app.getHttpServer() as import('node:http').Server;
    if (!http.listening) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    const post = async (path: string, ...parts: Array<string | number[]>) => {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))),
      });
      return { status: res.status, body: (await res.json()) as { errors: Array<{ type: string; message: string }> } };
    };
    const res = await post('/v1/subjects', '{"name":"Bad', [0xc3, 0x28], '","isPublished":true}');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ type: 'InvalidEncodingError', message: expect.stringMatching(/UTF-8/) });
    const names = ((await t.http().get('/v1/subjects').set('Authorization', token)).body as Array<{ name: string }>).map((x) => x.name);
    expect(names.filter((n) => n.startsWith('Bad'))).toEqual([]);
    const bulk = await post('/v1/samples/upsert/bulk', '[{"name":"a|b","value":"', [0xc3, 0x28], '"}]');
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors[0].type).toBe('InvalidEncodingError');
    // valid multi-byte UTF-8 is fine
    const ok = await t.http().post('/v1/subjects').set('Authorization', token).send({ name: 'Zurich', description: 'Zürich ✓', isPublished: true });
    expect(ok.status).toBe(201);
    expect(ok.body.description).toBe('Zürich ✓');
  });
});
