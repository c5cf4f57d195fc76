import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken } from '../support/identity';
import { insertAspect, insertLens, insertPerspective, insertSample, insertSubject, lensLibrary } from '../support/records';
import { describeRequest, fixedRequests, generatedRequests, poolFor, Pools, send, SweepRequest } from './security-sweep.fuzz';
import { answerProblems, exampleOf, fillPath, OpenApiDocument, Operation, operationsOf, SecretIndex, servedOperations, templatePattern } from './security-sweep.openapi';

// SECURITY.md 2, 3, 20, 21, 22, walked over the app's own OpenAPI document: every route the
// document lists is covered, so the sweep grows with the API. Failures print the exact request.

jest.setTimeout(900_000);

/** The routes that answer without a token (CONTRACT.md §2). Anything else must say 401. */
const PUBLIC = new Set(['GET /v1/health', 'GET /v1/health/ready', 'POST /v1/register', 'POST /v1/authenticate', 'GET /v1/api-docs', 'GET /v1/docs', 'GET /v1']);
const BASE_SEED = Number(process.env.SWEEP_SEED ?? 20261128);
/** Generated requests per operation (on top of the fixed hostile ones); at least ~400 in all. */
const MIN_TOTAL_GENERATED = 400;
const MIN_PER_OPERATION = Number(process.env.SWEEP_RUNS ?? 8);

function seedOf(op: Operation): number {
  return (BASE_SEED ^ createHash('sha256').update(op.key).digest().readInt32LE(0)) | 0;
}

function tamper(token: string, at: number): string {
  const i = at < 0 ? token.length + at : at;
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

describe('security sweep over the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let ops: Operation[];
  let userToken: string;
  let admin: string;
  let pools: Pools;
  const secrets = new SecretIndex();

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http().get('/v1/api-docs');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDocument;
    ops = operationsOf(doc);
    userToken = (await createUserWithToken(t)).token;
    admin = await adminToken(t);
    secrets.add(userToken);
    secrets.add(admin);
    pools = await seed(t, doc, ops, admin, secrets);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the routes in the document', () => {
    expect(ops.length).toBeGreaterThan(5);
    expect(ops.map((o) => o.key)).toEqual(expect.arrayContaining(['GET /v1/health', 'POST /v1/tokens']));
  });

  it('finds every /v1 route the app serves in the document (CONTRACT §1: every route is described)', () => {
    const documented = new Set(ops.map((o) => o.key));
    const served = servedOperations(t.app.getHttpAdapter().getInstance());
    expect(served).toEqual(expect.arrayContaining(['GET /v1/health', 'POST /v1/tokens', 'GET /v1/tokens/{key}']));
    expect(served.filter((k) => !documented.has(k) && k !== 'GET /v1')).toEqual([]);
  });

  it('every route not on the public list answers the same 401 to missing, empty, junk, oversized and tampered tokens', async () => {
    // the document's operations, plus any served route it does not list: none may escape
    const documented = new Set(ops.map((o) => o.key));
    const extra = servedOperations(t.app.getHttpAdapter().getInstance())
      .filter((k) => !documented.has(k))
      .map((key): Operation => {
        const [method, template] = key.split(' ');
        const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        return { method: method.toLowerCase() as Operation['method'], template, key, pathParams: names.map((name) => ({ name, schema: {}, required: true })), queryParams: [] };
      })
      .filter((o) => (['get', 'put', 'post', 'patch', 'delete'] as string[]).includes(o.method));
    const guarded = [...ops, ...extra].filter((o) => o.template.startsWith('/v1') && !PUBLIC.has(o.key));
    expect(guarded.length).toBeGreaterThan(0);
    const authVariants: [string, Record<string, string>, string][] = [
      ['no header', {}, ''],
      ['empty header', { Authorization: '' }, ''],
      ['Bearer garbage', { Authorization: 'Bearer garbage' }, ''],
      ['8 KB junk', { Authorization: 'J'.repeat(8192) }, ''],
      ['Bearer + 8 KB junk', { Authorization: `Bearer ${'j'.repeat(8192)}` }, ''],
      ['token, last character changed', { Authorization: tamper(userToken, -1) }, ''],
      ['Bearer token, middle character changed', { Authorization: `Bearer ${tamper(userToken, Math.floor(userToken.length / 2))}` }, ''],
      ['admin token, one character changed', { Authorization: tamper(admin, 6) }, ''],
      ['token in ?token=', {}, `token=${userToken}`],
      ['token in ?access_token=', {}, `access_token=${userToken}`],
      ['token in a cookie', { Cookie: `token=${userToken}; access_token=${userToken}` }, ''],
    ];
    secrets.add(tamper(userToken, -1));
    secrets.add(tamper(admin, 6));
    const failures: string[] = [];
    let reference: unknown;
    for (const op of guarded) {
      const path = fillPath(op.template, Object.fromEntries(op.pathParams.map((p) => [p.name, 'sweep-key'])));
      for (const [label, headers, query] of authVariants) {
        let r = t.http()[op.method](query ? `${path}?${query}` : path);
        for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
        if (op.body && !op.body.contentType.startsWith('multipart/')) r = r.set('Content-Type', 'application/json').send('{}');
        const res: Response = await r;
        reference ??= res.body;
        const problems = answerProblems(res, secrets);
        if (res.status !== 401) problems.push(`status ${res.status}`);
        if (res.headers['www-authenticate'] !== 'Bearer') problems.push(`WWW-Authenticate ${String(res.headers['www-authenticate'])}`);
        if (JSON.stringify(res.body) !== JSON.stringify(reference)) problems.push(`body differs: ${res.text.slice(0, 200)}`);
        if (problems.length) failures.push(`${op.key} (${label}): ${problems.join(', ')}`);
      }
    }
    expect(reference).toEqual({ errors: [expect.objectContaining({ type: 'AuthenticationError', message: 'Authentication Failed' })] });
    expect(failures).toEqual([]);
  });

  it('answers 405 with Allow to every unsupported method on every known path', async () => {
    const templates = [...new Set(ops.map((o) => o.template))];
    const failures: string[] = [];
    for (const template of templates) {
      const path = template.replace(/\{[^}]+\}/g, 'sweep-405-key');
      const allowed = new Set(ops.filter((o) => templatePattern(o.template).test(path)).map((o) => o.method.toUpperCase()));
      for (const method of ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']) {
        if (allowed.has(method) || (method === 'HEAD' && allowed.has('GET'))) continue;
        const res = await t.http()[method.toLowerCase() as 'get'](path).set('Authorization', userToken);
        const problems = method === 'HEAD' ? [] : answerProblems(res, secrets);
        if (res.status !== 405) problems.push(`status ${res.status}`);
        else if (!res.headers.allow) problems.push('no Allow header');
        if (problems.length) failures.push(`${method} ${path}: ${problems.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers < 500 to the same valid request sent 6 times at once, on every writing route (races: 409, never 500)', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.method !== 'get')) {
      const opPools = await withFreshRecords(t, pools);
      const path = fillPath(op.template, Object.fromEntries(op.pathParams.map((p) => [p.name, poolFor(op, p.name, opPools)[0] ?? 'sweep-key'])));
      const body = op.body && !op.body.contentType.startsWith('multipart/') ? raceBody(exampleOf(doc, op.body.schema, 0, true), opPools) : undefined;
      const same: SweepRequest = { method: op.method, path, query: '', token: 'admin', body: body === undefined ? undefined : { kind: 'json', value: body } };
      const answers = await Promise.all(Array.from({ length: 6 }, () => send(t, same, { user: userToken, admin }).catch((e: Error) => e)));
      if (process.env.SWEEP_VERBOSE) process.stdout.write(`race ${op.key}: ${answers.map((r) => (r instanceof Error ? 'ERR' : r.status)).join(',')}\n`);
      for (const res of answers) {
        if (res instanceof Error) failures.push(`${op.key}: connection failed (${res.message}) :: ${describeRequest(same)}`);
        else if (res.status >= 500 || answerProblems(res, secrets).length) failures.push(`${op.key}: ${res.status} ${res.text.slice(0, 160)} :: ${describeRequest(same)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers < 500, in the error shape and without leaks, to generated hostile requests on every route (valid token)', async () => {
    const runs = Math.max(MIN_PER_OPERATION, Math.ceil(MIN_TOTAL_GENERATED / ops.length));
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      // a fresh user per operation: a route that deletes or revokes cannot starve the rest of the sweep
      const tokens = { user: (await createUserWithToken(t)).token, admin };
      secrets.add(tokens.user);
      const opPools = await withFreshRecords(t, pools);
      const seedValue = seedOf(op);
      const requests: [string, SweepRequest][] = [
        ...fixedRequests(doc, op, opPools).map((r, i): [string, SweepRequest] => [`fixed #${i}`, r]),
        ...generatedRequests(doc, op, opPools, seedValue, runs).map((r, i): [string, SweepRequest] => [`seed ${seedValue} #${i}`, r]),
      ];
      for (const [label, req] of requests) {
        sent++;
        let res: Response;
        try {
          res = await send(t, req, tokens);
        } catch (e) {
          failures.push(`${op.key} [${label}] connection failed (${(e as Error).message}): ${describeRequest(req)}`);
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problems = answerProblems(res, secrets);
        if (res.status >= 500) problems.push(`status ${res.status}`);
        // a secret is shown once, in the answer that creates it; from then on no answer may hold any of it
        const created = (res.body as { token?: unknown } | undefined)?.token;
        if (res.status < 300 && typeof created === 'string') secrets.add(created);
        if (problems.length) failures.push(`${op.key} [${label}] ${problems.join(', ')} -> ${res.text.slice(0, 160)} :: ${describeRequest(req)}`);
      }
    }
    if (process.env.SWEEP_VERBOSE) process.stdout.write(`sweep: ${ops.length} operations, ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(sent).toBeGreaterThanOrEqual(MIN_TOTAL_GENERATED);
    expect(failures).toEqual([]);
  });
});

/**
 * Creates records per creatable collection from the document's examples (as the admin): the
 * full example first, then only the required fields; two passes, so that records that need
 * others (samples need a subject and an aspect) find them. Generated requests then also reach
 * existing records, not only 404s.
 */
async function seed(t: TestApp, doc: OpenApiDocument, ops: Operation[], admin: string, secrets: SecretIndex): Promise<Pools> {
  const pools: Pools = { byCollection: new Map(), users: [], files: [[...(await lensLibrary('sweepLens'))]] };
  for (let i = 0; i < 2; i++) {
    const u = await createUserWithToken(t);
    pools.users.push(u.user.name, u.user.id);
  }
  const creators = ops.filter((o) => o.method === 'post' && o.pathParams.length === 0 && o.body?.contentType === 'application/json');
  for (let pass = 0; pass < 2; pass++) {
    for (const op of creators) {
      for (const requiredOnly of [false, true]) {
        const body = withSampleName(exampleOf(doc, op.body!.schema, 0, requiredOnly), pools);
        const res = await t.http().post(op.template).set('Authorization', admin).set('Content-Type', 'application/json').send(JSON.stringify(body));
        if (process.env.SWEEP_VERBOSE) process.stdout.write(`seed ${op.key}: ${res.status} ${res.status >= 300 ? res.text.slice(0, 300) : ''}\n`);
        if (res.status >= 300) continue;
        if (typeof res.body?.token === 'string') secrets.add(res.body.token as string);
        const records = (Array.isArray(res.body) ? res.body : [res.body]) as Record<string, unknown>[];
        const segment = op.template.split('/').filter(Boolean).pop()!;
        const keys = records.flatMap((r) => ['id', 'name', 'absolutePath'].map((k) => r?.[k])).filter((v): v is string => typeof v === 'string');
        pools.byCollection.set(segment, [...new Set([...(pools.byCollection.get(segment) ?? []), ...keys])]);
        break;
      }
    }
  }
  return pools;
}

/** Points an example sample name (`subject|aspect`) at a seeded subject and aspect. */
function withSampleName(body: unknown, pools: Pools): unknown {
  const subject = pools.byCollection.get('subjects')?.find((k) => !/^[0-9a-f-]{36}$/.test(k));
  const aspect = pools.byCollection.get('aspects')?.find((k) => !/^[0-9a-f-]{36}$/.test(k));
  if (!subject || !aspect) return body;
  const fix = (item: unknown) =>
    item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' && (item as { name: string }).name.includes('|')
      ? { ...item, name: `${subject}|${aspect}` }
      : item;
  return Array.isArray(body) ? body.map(fix) : fix(body);
}

/**
 * The pools plus a fresh published subject (with a child), aspect, sample, lens and perspective
 * inserted straight into the schema, first in line: each operation finds records to work on even
 * after earlier operations deleted theirs.
 */
async function withFreshRecords(t: TestApp, base: Pools): Promise<Pools> {
  const subject = await insertSubject(t);
  const child = await insertSubject(t, { parent: subject });
  const aspect = await insertAspect(t);
  await insertSample(t, subject.id, aspect.id);
  const lens = await insertLens(t);
  const perspective = await insertPerspective(t);
  const fresh: Record<string, string[]> = {
    subjects: [subject.path, subject.id, child.path],
    aspects: [aspect.name, aspect.id],
    samples: [`${subject.path}|${aspect.name}`],
    lenses: [lens.name, lens.id],
    perspectives: [perspective.name, perspective.id],
    tags: ['tag0', 'tag1'],
    relatedLinks: ['rlink0', 'rlink1'],
  };
  const byCollection = new Map(base.byCollection);
  for (const [k, v] of Object.entries(fresh)) byCollection.set(k, [...v, ...(base.byCollection.get(k) ?? [])]);
  return { ...base, byCollection };
}

let raceCounter = 0;

/** A body that can succeed once: a new name, or existing users for a list of user names. */
function raceBody(example: unknown, pools: Pools): unknown {
  if (Array.isArray(example) && example.every((v) => typeof v === 'string')) return pools.users.slice(0, 2);
  const body = withSampleName(example, pools);
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { name?: unknown }).name === 'string' && !(body as { name: string }).name.includes('|')) {
    return { ...body, name: `race${process.pid}x${++raceCounter}` };
  }
  return body;
}
