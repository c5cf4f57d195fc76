import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken } from '../support/identity';
import { insertAspect, insertLens, insertPerspective, insertSample, insertSubject, lensLibrary } from '../support/records';
import { poolFor, Pools } from './security-sweep.fuzz';
import { exampleOf, fillPath, OpenApiDocument, Operation, operationsOf, resolve, Schema, typeOf } from './security-sweep.openapi';

// Issue 17: the OpenAPI document is the truth Swagger UI users and generated clients rely on.
// For every operation of the app's own document this sends a valid request (built from the
// schemas, on fresh records), the same without a token, with an unknown key, with an unknown
// body property and with a non-integer integer parameter; every answer's status must be
// documented for that operation and its body must match the documented schema. A failure names
// the operation, the exact request, the status and what does not match.

jest.setTimeout(600_000);

interface RawOp {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
  tags?: string[];
  parameters?: { name: string; in: string }[];
}

type Probe = { what: string; path: string; query?: string; token: 'admin' | 'none'; body?: unknown; multipart?: boolean };

const NO_SUCH_KEY = 'no-such-key-conformance';

/** What is wrong with a value against a schema ([] = nothing), each with its JSON path. */
export function schemaProblems(doc: OpenApiDocument, raw: Schema, value: unknown, at = '$', depth = 0): string[] {
  if (depth > 12) return [];
  const schema = resolve(doc, raw);
  if (value === null) return schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null')) || !typeOf(schema) ? [] : [`${at} is null, not documented as nullable`];
  const alts = schema.oneOf ?? schema.anyOf;
  if (alts?.length) return alts.some((s) => schemaProblems(doc, s, value, at, depth + 1).length === 0) ? [] : [`${at} matches none of its oneOf/anyOf schemas: ${short(value)}`];
  if (schema.enum?.length && !schema.enum.includes(value)) return [`${at} = ${short(value)} is not one of ${JSON.stringify(schema.enum)}`];
  switch (typeOf(schema) ?? '') {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at} should be an object, got ${short(value)}`];
      const obj = value as Record<string, unknown>;
      const missing = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}.${k} is required but missing`);
      const props = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => (k in obj && obj[k] !== undefined ? schemaProblems(doc, s, obj[k], `${at}.${k}`, depth + 1) : []));
      return [...missing, ...props];
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at} should be an array, got ${short(value)}`];
      return schema.items ? value.slice(0, 5).flatMap((v, i) => schemaProblems(doc, schema.items!, v, `${at}[${i}]`, depth + 1)) : [];
    case 'string':
      return typeof value === 'string' ? [] : [`${at} should be a string, got ${short(value)}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} should be an integer, got ${short(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at} should be a number, got ${short(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} should be a boolean, got ${short(value)}`];
    default:
      return [];
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

describe('the OpenAPI document says what the server answers (issue 17)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let ops: Operation[];
  let admin: string;
  let users: string[];
  let lensZip: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http().get('/v1/api-docs');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDocument;
    ops = operationsOf(doc);
    admin = await adminToken(t);
    const u1 = await createUserWithToken(t);
    const u2 = await createUserWithToken(t);
    users = [u1.user.name, u2.user.name];
    lensZip = await lensLibrary('conformanceLens');
  });
  afterAll(async () => {
    await t?.close();
  });

  const raw = (op: Operation): RawOp => (doc.paths[op.template] as unknown as Record<string, RawOp>)[op.method];

  /** Fresh records for one operation, so that an earlier DELETE does not leave the next one only 404s. */
  async function freshPools(): Promise<Pools> {
    const subject = await insertSubject(t);
    const child = await insertSubject(t, { parent: subject });
    const aspect = await insertAspect(t);
    await insertSample(t, subject.id, aspect.id);
    const lens = await insertLens(t);
    const perspective = await insertPerspective(t);
    const byCollection = new Map<string, string[]>(
      Object.entries({
        subjects: [subject.path, child.path],
        aspects: [aspect.name],
        samples: [`${subject.path}|${aspect.name}`],
        lenses: [lens.name],
        perspectives: [perspective.name],
        tags: ['tag0'],
        relatedLinks: ['rlink0'],
        profiles: ['RefocusUser'],
      }),
    );
    return { byCollection, users, files: [] };
  }

  function validBody(op: Operation, pools: Pools): unknown {
    if (!op.body) return undefined;
    const body = exampleOf(doc, op.body.schema);
    if (Array.isArray(body) && body.every((v) => typeof v === 'string')) return users;
    const sample = pools.byCollection.get('samples')![0];
    const fix = (item: unknown) =>
      item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' && (item as { name: string }).name.includes('|') ? { ...item, name: sample } : item;
    return Array.isArray(body) ? body.map(fix) : fix(body);
  }

  function probes(op: Operation, pools: Pools): Probe[] {
    const values = Object.fromEntries(op.pathParams.map((p) => [p.name, poolFor(op, p.name, pools)[0] ?? NO_SUCH_KEY]));
    const path = fillPath(op.template, values);
    const requiredQuery = op.queryParams.filter((p) => p.required).map((p) => `${p.name}=${encodeURIComponent(String(exampleOf(doc, p.schema)))}`);
    const query = requiredQuery.join('&') || undefined;
    const multipart = op.body?.contentType.startsWith('multipart/');
    const body = multipart ? undefined : validBody(op, pools);
    const list: Probe[] = [{ what: 'valid request', path, query, token: 'admin', body, multipart }];
    if (!(raw(op).security?.length === 0)) list.push({ what: 'no token', path, query, token: 'none', body });
    if (op.pathParams.length) list.push({ what: 'unknown key', path: fillPath(op.template, Object.fromEntries(op.pathParams.map((p) => [p.name, NO_SUCH_KEY]))), query, token: 'admin', body });
    if (body && typeof body === 'object' && !Array.isArray(body)) list.push({ what: 'unknown body property', path, query, token: 'admin', body: { ...body, notAField: 1 } });
    for (const p of op.queryParams.filter((q) => typeOf(resolve(doc, q.schema)) === 'integer')) {
      list.push({ what: `non-integer ${p.name}`, path, query: [query, `${p.name}=1.5`].filter(Boolean).join('&'), token: 'admin', body });
    }
    return list;
  }

  /** Whether the operation answers a stream (Server-Sent Events) that stays open. */
  const streams = (op: Operation) => Object.values(raw(op).responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream'));

  async function send(op: Operation, p: Probe): Promise<Response> {
    const url = p.query ? `${p.path}?${p.query}` : p.path;
    let r = t.http()[op.method](url).timeout(20_000);
    if (streams(op)) {
      // the status and headers are what is checked: stop reading once they have arrived
      r = r.buffer(false).parse((res, done) => {
        done(null, '');
        (res as unknown as { destroy(): void }).destroy();
      });
    }
    if (p.token === 'admin') r = r.set('Authorization', admin);
    if (p.multipart) return r.attach('library', lensZip, 'lens.zip');
    return p.body === undefined ? r : r.set('Content-Type', 'application/json').send(JSON.stringify(p.body));
  }

  /** What is wrong with one answer: an undocumented status, or a body the documented schema does not describe. */
  function problems(op: Operation, res: Response): string[] {
    const documented = raw(op).responses ?? {};
    const entry = documented[String(res.status)] ?? documented.default;
    if (!entry) return [`status ${res.status} is not documented (documented: ${Object.keys(documented).join(', ')})`];
    const schema = entry.content?.['application/json']?.schema;
    // a stream's answer is not read (see send()): its status is what is checked
    if (!schema || streams(op) || !/json/.test(String(res.headers['content-type']))) return [];
    return schemaProblems(doc, schema, res.body).map((m) => `status ${res.status} body: ${m}`);
  }

  it('documents the constraints the server enforces: no property the schema lets be "" is refused for being empty', async () => {
    const looser: string[] = [];
    for (const op of ops.filter((o) => o.body?.contentType === 'application/json')) {
      const pools = await freshPools();
      const base = validBody(op, pools);
      if (!base || typeof base !== 'object' || Array.isArray(base)) continue;
      const props = resolve(doc, op.body!.schema).properties ?? {};
      for (const [name, raw] of Object.entries(props)) {
        const p = resolve(doc, raw);
        if (typeOf(p) !== 'string' || (p.minLength ?? 0) > 0 || p.enum || p.format || p.readOnly || (p as { pattern?: string }).pattern) continue;
        const path = fillPath(op.template, Object.fromEntries(op.pathParams.map((q) => [q.name, poolFor(op, q.name, pools)[0] ?? NO_SUCH_KEY])));
        const res = await send(op, { what: 'empty string', path, token: 'admin', body: { ...base, [name]: '' } });
        const refused = res.status === 400 && ((res.body as { errors?: { source?: string }[] }).errors ?? []).some((e) => e.source === name);
        if (refused) looser.push(`${op.key}: the schema lets "${name}" be "" but the server refuses it (say minLength: 1, or a pattern)`);
      }
    }
    expect(looser).toEqual([]);
  });

  it('walks every operation of the document', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('documents each resource under one lower-case tag, and list parameters as inputs, X-Total-Count and Link as response headers', () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const r = raw(op);
      if (r.tags?.length !== 1 || r.tags[0] !== r.tags[0].charAt(0).toLowerCase() + r.tags[0].slice(1)) wrong.push(`${op.key}: tags ${JSON.stringify(r.tags)}`);
      if ((r.parameters ?? []).some((p) => /^(x-total-count|link)$/i.test(p.name))) wrong.push(`${op.key}: a response header documented as a request parameter`);
    }
    for (const path of ['/v1/subjects', '/v1/samples', '/v1/aspects']) {
      const get = (doc.paths[path] as unknown as Record<string, RawOp & { responses: Record<string, { headers?: object }> }>).get;
      const names = (get.parameters ?? []).map((p) => p.name);
      for (const n of ['limit', 'offset', 'sort', 'fields']) if (!names.includes(n)) wrong.push(`GET ${path}: no ${n} parameter`);
      if (!get.responses['200'].headers || !('X-Total-Count' in get.responses['200'].headers)) wrong.push(`GET ${path}: X-Total-Count not a response header`);
    }
    expect(wrong).toEqual([]);
  });

  it('marks the public operations public and every other one with the token', () => {
    const pub = ops.filter((op) => raw(op).security?.length === 0).map((op) => op.key);
    // CONTRACT §2, plus the readiness probe beside the health check
    expect(pub.sort()).toEqual(['GET /v1/health', 'GET /v1/health/ready', 'POST /v1/authenticate', 'POST /v1/register'].filter((k) => k !== 'GET /v1/health/ready' || !!doc.paths['/v1/health/ready']));
  });

  it('answers only documented statuses, with bodies that match the documented schemas', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const pools = await freshPools();
      for (const p of probes(op, pools)) {
        const res = await send(op, p).catch((e: Error) => e);
        sent++;
        if (res instanceof Error) {
          failures.push(`${op.key} [${p.what}] ${p.path}: no complete answer (${res.message})`);
          continue;
        }
        for (const problem of problems(op, res)) {
          const req = `${op.method.toUpperCase()} ${p.query ? `${p.path}?${p.query}` : p.path}${p.body !== undefined ? ` body=${short(p.body)}` : ''}`;
          failures.push(`${op.key} [${p.what}] ${req} → ${problem}${res.status >= 400 ? ` (answer: ${short(res.body)})` : ''}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(ops.length * 2);
    expect(failures).toEqual([]);
  });
});
