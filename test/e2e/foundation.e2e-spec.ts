import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';

describe('foundation: health, docs, errors, migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /v1/health answers 200 {status:"ok"} without a token', async () => {
    const res = await t.http().get('/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves Swagger UI and the OpenAPI document without a token', async () => {
    const ui = await t.http().get('/v1/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('Swagger UI');
    const spec = await t.http().get('/v1/api-docs');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toContain('/v1/health');
  });

  it('gzips large answers for clients that ask, and only for them', async () => {
    const zipped = await t.http().get('/v1/api-docs').set('Accept-Encoding', 'gzip');
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.openapi).toMatch(/^3\./); // supertest inflates it
    const plain = await t.http().get('/v1/api-docs').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('redirects GET /v1 to the docs', async () => {
    const res = await t.http().get('/v1');
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain('/docs');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    expectErrorBody(await t.http().get('/v1/no-such-thing'), 404, 'ResourceNotFoundError');
  });

  it('answers a known path with another method with 405 and Allow', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await t.http()[method]('/v1/health');
      expectErrorBody(res, 405, 'MethodNotAllowedError');
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('answers malformed JSON with 400', async () => {
    const res = await t.http().post('/v1/health').set('Content-Type', 'application/json').send('{"name": ');
    expectErrorBody(res, 400);
  });

  it('answers a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ value: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.http().post('/v1/health').set('Content-Type', 'application/json').send(big);
    expectErrorBody(res, 413, 'PayloadTooLargeError');
  });

  it('applied every committed migration to the empty database', async () => {
    const files = readdirSync(join(__dirname, '../../src/database/migrations')).filter((f) => f.endsWith('.ts'));
    const rows: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations');
    expect(rows).toHaveLength(files.length);
    const tables: { table_name: string }[] = await t.dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users', 'tokens', 'subjects', 'aspects', 'samples']));
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await t.http().get('/v1/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers 503 when the database is gone', async () => {
    await t.dataSource.destroy();
    const res = await t.http().get('/v1/health');
    expect(res.status).toBe(503);
    expect(res.body.status).not.toBe('ok');
  });
});
