import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { LOGIN_FAILURES_PER_ACCOUNT } from '../../src/auth/login.service';
import { CredentialsCache } from '../../src/auth/credentials-cache';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { TOKENS_PER_USER_PER_HOUR } from '../../src/tokens/tokens.service';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TEST_USER_PASSWORD } from '../support/identity';
import { until } from '../support/until';


/**
 * Two app processes on one PostgreSQL, as behind a load balancer: throttling is counted across
 * them (in the database), a session and a token revocation hold in both, and the sample timeout
 * job times each sample out once however many processes run it. The embedded engine is opened
 * by one process only, so this needs a PostgreSQL server.
 */
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('two processes on one database', () => {
  let t: TestApp;
  let other: NestExpressApplication;
  const here = () => t.http();
  const there = () => request(other.getHttpServer());
  /** Alternates between the two processes, as a round-robin load balancer would. */
  const next = (i: number) => (i % 2 ? there() : here());

  beforeAll(async () => {
    t = await createTestApp();
    other = await createApp(t.config, { url: t.db.url, embedded: false });
    await until('both listeners are up', () => t.app.get(CredentialsCache).active && other.get(CredentialsCache).active);
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('counts failed sign-ins across processes: the limit holds however the attempts are spread', async () => {
    const u = await createUserWithToken(t);
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) {
      expectErrorBody(await next(i).post('/v1/authenticate').send({ username: u.user.name, password: 'wrong password' }), 401, 'LoginError');
    }
    for (const app of [here, there]) {
      const res = await app().post('/v1/authenticate').send({ username: u.user.name, password: TEST_USER_PASSWORD });
      expectErrorBody(res, 429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('counts token creations across processes', async () => {
    const u = await createUserWithToken(t); // its first token counts too
    for (let i = 1; i < TOKENS_PER_USER_PER_HOUR; i++) {
      expect((await next(i).post('/v1/tokens').set('Authorization', u.token).send({ name: `t${i}` })).status).toBe(201);
    }
    expectErrorBody(await here().post('/v1/tokens').set('Authorization', u.token).send({ name: 'one-too-many' }), 429);
    expectErrorBody(await there().post('/v1/tokens').set('Authorization', u.token).send({ name: 'one-too-many' }), 429);
  });

  it('a session made in one process is honoured in the other', async () => {
    const u = await createUserWithToken(t);
    const login = await here().post('/v1/authenticate').send({ username: u.user.name, password: TEST_USER_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const page = await there().get('/tokens').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(u.user.name);
  });

  it('a token revoked in one process is refused by the other on its next request', async () => {
    const u = await createUserWithToken(t);
    expect((await there().get('/v1/tokens').set('Authorization', u.token)).status).toBe(200);
    const id = ((await here().get('/v1/tokens').set('Authorization', u.token)).body as Array<{ id: string }>)[0].id;
    const cache = other.get(CredentialsCache);
    const before = cache.clears;
    expect((await here().post(`/v1/tokens/${id}/revoke`).set('Authorization', u.token)).status).toBe(200);
    await until('the other process hears of it', () => cache.clears > before);
    expectErrorBody(await there().get('/v1/tokens').set('Authorization', u.token), 401, 'AuthenticationError');
  });

  it('the sample timeout job run by both processes at once times each sample out once', async () => {
    const admin = await adminToken(t);
    const auth = { Authorization: admin };
    expect((await here().post('/v1/aspects').set(auth).send({ name: 'Stale', timeout: '1m', isPublished: true })).status).toBe(201);
    const N = 20;
    for (let i = 0; i < N; i++) expect((await here().post('/v1/subjects').set(auth).send({ name: `job${i}`, isPublished: true })).status).toBe(201);
    const items = Array.from({ length: N }, (_, i) => ({ name: `job${i}|Stale`, value: '1' }));
    expect((await there().post('/v1/samples/upsert/bulk').set(auth).send(items)).status).toBe(200);
    const psql = new Client({ connectionString: t.db.url });
    await psql.connect();
    try {
      await psql.query(`UPDATE samples SET updated_at = now() - interval '1 hour'`);
    } finally {
      await psql.end();
    }
    const count = (r: unknown) => (Array.isArray(r) ? r.length : typeof r === 'number' ? r : 0);
    const runs = await Promise.all([t.app.get(SampleTimeoutJob).runOnce(), other.get(SampleTimeoutJob).runOnce()]);
    expect(count(runs[0]) + count(runs[1])).toBe(N);
    const list = await there().get('/v1/samples?name=job*').set(auth);
    expect((list.body as Array<{ status: string }>).every((s) => s.status === 'Timeout')).toBe(true);
  });
});
