import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { RealtimeBus } from '../../src/realtime/realtime-bus';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { createTestApp, TestApp } from '../support/app';
import { adminToken } from '../support/identity';
import { connectFeed, FeedClient, listening, RT } from '../support/realtime';

const onServer = !!process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two server processes on one PostgreSQL (the second app stands for the second process: its
 * own bus, its own LISTEN connection or Redis connections): a change made through one reaches
 * the subscribers of the other; the timeout sweep's events arrive once. PostgreSQL pass only:
 * the embedded engine serves one process and forwards no notifications.
 */
(onServer ? describe : describe.skip).each([
  ['PostgreSQL LISTEN/NOTIFY', {} as Record<string, string>],
  ['Redis', { REDIS_URL }],
])('Realtime feed across two processes (%s)', (_name, env) => {
  let t: TestApp;
  let other: NestExpressApplication;
  let admin: string;
  const clients: FeedClient[] = [];

  beforeAll(async () => {
    t = await createTestApp(env);
    const config = Object.assign(new AppConfig(), t.config);
    other = await createApp(config, { url: t.db.url, embedded: false });
    await other.listen(0, '127.0.0.1');
    admin = await adminToken(t);
    expect(other.get(RealtimeBus).kind).toBe(env.REDIS_URL ? 'redis' : 'postgres');
    await t.http().post('/v1/subjects').set('Authorization', admin).send({ name: 'Fleet', isPublished: true }).expect(201);
    await t.http().post('/v1/aspects').set('Authorization', admin).send({ name: 'cpu', timeout: '1m', isPublished: true }).expect(201);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await other.close();
    await t.close();
  });

  it('a change made through one process reaches the subscribers of the other, once', async () => {
    const otherBase = `http://127.0.0.1:${(other.getHttpServer().address() as AddressInfo).port}`;
    const there = await connectFeed(otherBase, { query: { root: 'Fleet' }, token: admin });
    const here = await connectFeed(await listening(t), { query: { root: 'Fleet' }, token: admin });
    clients.push(there, here);
    await t.http().post('/v1/samples/upsert').set('Authorization', admin).send({ name: 'Fleet|cpu', value: '0' }).expect(200);
    await there.wait((e) => e.name === RT('sample.add'));
    await here.wait((e) => e.name === RT('sample.add'));

    // The sweep runs in both processes at once: one wins the lock, each client hears it once.
    await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '2 minutes'`);
    const runs = await Promise.all([t.app.get(SampleTimeoutJob).runOnce(), other.get(SampleTimeoutJob).runOnce()]);
    expect(runs.filter((n) => n !== null && n > 0)).toHaveLength(1);
    for (const c of [there, here]) await c.wait((e) => e.name === RT('sample.update'));
    await new Promise((r) => setTimeout(r, 500));
    for (const c of [there, here]) expect(c.events.filter((e) => e.name === RT('sample.update'))).toHaveLength(1);
  });
});
