import fc from 'fast-check';
import type { Response } from 'supertest';
import type { TestApp } from '../support/app';
import { exampleOf, fillPath, OpenApiDocument, Operation, safeEncode, typeOf } from './security-sweep.openapi';

// Generated requests for the security sweep: malformed, oversized and type-confused, built
// from each operation's own parameters and body schema, reproducible from a fixed seed.

export type TokenKind = 'user' | 'admin' | 'none';

type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; text: string; headers?: Record<string, string> }
  | { kind: 'multipart'; fields: Record<string, string>; file?: { field: string; bytes: number[]; filename: string } };

/** One request of the sweep, already concrete; `describe()` prints it so a failure reproduces. */
export interface SweepRequest {
  method: Operation['method'] | 'head' | 'options';
  path: string;
  query: string;
  token: TokenKind;
  body?: Body;
}

export const NASTY_STRINGS = [
  '', ' ', '.', '..', '%', '_', '*', '%_*', 'null', 'undefined', 'true', '0', '-1', '1e309', 'NaN', 'Infinity',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-fffffffffffff', "'; DROP TABLE subjects; --", '" OR 1=1 --',
  '\u0000', 'a\u0000b', '\\', '${7*7}', '{{7*7}}', '<script>alert(1)</script>', '😀', 'ÿ', '\u202e', 'x'.repeat(300),
  'x'.repeat(5000), 'a|b', 'a|b|c', '|', 'a.b.c', '.a', 'a..b', 'admin@refocus.admin', '__proto__', 'constructor', 'toString',
];
/** Raw (not re-encoded) path segments: broken escapes, encoded NUL, dots and slashes. */
const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%00', 'a%00b', '%2e%2e', '%2F', '%C0%AE', '%FF%FE', '%uFFFF'];
const QUERY_KEYS = ['limit', 'offset', 'sort', 'fields', 'override', 'name', 'tags', 'depth', 'user', 'status'];
const QUERY_VALUES = [
  '-1', '0', '1', '1.5', '99999999999999999999', '1e309', '-99999999', 'abc', '', '%', '%zz', '*', '-name', 'name,-name', ',,,', 'admin', 'true',
  'a,'.repeat(3000), 'x'.repeat(10000), '-'.repeat(500), '*'.repeat(2000), `${'*a'.repeat(500)}`, 'name,'.repeat(500), '%E0%A4%A',
];
const READ_ONLY = { id: '00000000-0000-0000-0000-000000000001', createdBy: 'someone', writers: ['x'], createdAt: '2020-01-01', updatedAt: 'x', isRevoked: '1' };

const strings = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

function deepNest(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A value of the wrong type, size or shape for any property. */
const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1),
  strings,
  fc.constant('x'.repeat(200_000)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant(deepNest(1500)),
  fc.array(strings, { minLength: 150, maxLength: 400 }),
  fc.constant(JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}') as unknown),
);

const rawBodies: fc.Arbitrary<Body> = fc.constantFrom<Body>(
  { kind: 'raw', contentType: 'application/json', text: '{"name": ' },
  { kind: 'raw', contentType: 'application/json', text: '' },
  { kind: 'raw', contentType: 'application/json', text: 'null' },
  { kind: 'raw', contentType: 'application/json', text: '"just a string"' },
  { kind: 'raw', contentType: 'application/json', text: '12345' },
  { kind: 'raw', contentType: 'application/json', text: '[]' },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1,"a":{"b":2}}' },
  { kind: 'raw', contentType: 'application/json', text: `{"x":${'['.repeat(20000)}${']'.repeat(20000)}}` },
  { kind: 'raw', contentType: 'application/json; charset=utf-16', text: '{}' },
  { kind: 'raw', contentType: 'application/json; charset=klingon', text: '{}' },
  { kind: 'raw', contentType: 'text/plain', text: '{"name":"x"}' },
  { kind: 'raw', contentType: 'application/xml', text: '<a>1</a>' },
  { kind: 'raw', contentType: 'application/x-www-form-urlencoded', text: 'name[a][b]=1&name=2&tags[]=x&__proto__[isAdmin]=true' },
  { kind: 'raw', contentType: 'multipart/form-data; boundary=xyz', text: '--xyz\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--xy' },
  { kind: 'raw', contentType: 'multipart/form-data', text: 'no boundary here' },
  { kind: 'raw', contentType: 'application/json', text: 'not gzip at all', headers: { 'Content-Encoding': 'gzip' } },
  { kind: 'raw', contentType: 'application/json', text: '{}', headers: { 'Content-Encoding': 'br, zstd, nope' } },
  { kind: 'raw', contentType: 'application/json', text: '{"name":"x"}', headers: { 'Transfer-Encoding': 'chunked' } },
);

/** Everything an operation's values can be drawn from: known keys per resource, and users. */
export interface Pools {
  /** Keys (ids, names, paths) of records created in the seeding phase, by collection segment. */
  byCollection: Map<string, string[]>;
  users: string[];
  /** Valid upload files (a lens library), so multipart routes get past the zip checks too. */
  files: number[][];
}

/** The pool that fits a path parameter: users for user-ish names, else the collection before it. */
export function poolFor(op: Operation, param: string, pools: Pools): string[] {
  if (/user/i.test(param)) return pools.users;
  const before = op.template.slice(0, op.template.indexOf(`{${param}}`));
  const segments = before.split('/').filter((s) => s && !s.startsWith('{'));
  return pools.byCollection.get(segments[segments.length - 1] ?? '') ?? [];
}

function pathArb(op: Operation, pools: Pools): fc.Arbitrary<string> {
  if (op.pathParams.length === 0) return fc.constant(op.template);
  const perParam = op.pathParams.map((p) => {
    const pool = poolFor(op, p.name, pools);
    const encoded = strings.map(safeEncode);
    const options = [
      { weight: 4, arbitrary: encoded },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
      ...(pool.length ? [{ weight: 4, arbitrary: fc.constantFrom(...pool).map(safeEncode) }] : []),
    ];
    return fc.oneof(...options);
  });
  return fc.tuple(...perParam).map((values) => {
    let i = 0;
    return op.template.replace(/\{[^}]+\}/g, () => values[i++]);
  });
}

function queryArb(op: Operation): fc.Arbitrary<string> {
  const keys = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...op.queryParams.map((p) => p.name), ...QUERY_KEYS) },
    { weight: 1, arbitrary: fc.constantFrom('limit[]', 'limit[a]', '__proto__[x]', 'fields[0]', 'sort[$gt]', 'token', 'access_token') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(safeEncode) },
  );
  const values = fc.oneof(fc.constantFrom(...QUERY_VALUES), strings.map(safeEncode));
  return fc.array(fc.tuple(keys, values), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** The operation's valid example body, changed in one place (or replaced wholesale). */
function bodyArb(doc: OpenApiDocument, op: Operation, pools: Pools): fc.Arbitrary<Body | undefined> {
  if (!op.body) {
    return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Body => ({ kind: 'json', value })) });
  }
  if (op.body.contentType.startsWith('multipart/')) return multipartArb(doc, op, pools);
  const base = exampleOf(doc, op.body.schema);
  const json = (value: unknown): Body => ({ kind: 'json', value });
  const item = Array.isArray(base) ? base[0] : base;
  const keys = item && typeof item === 'object' ? Object.keys(item as object) : [];
  const mutated = fc.tuple(fc.constantFrom(...keys, 'unknownField'), confused).map(([k, v]) => {
    const changed = { ...(item as object), [k]: v };
    return json(Array.isArray(base) ? [changed, ...base.slice(1)] : changed);
  });
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: fc.constant(json(base)) },
    { weight: 1, arbitrary: fc.constant(json(Array.isArray(base) ? [{ ...(item as object), ...READ_ONLY }] : { ...(base as object), ...READ_ONLY })) },
    { weight: 1, arbitrary: confused.map(json) },
    { weight: 1, arbitrary: fc.array(fc.constant(item), { minLength: 0, maxLength: 3 }).map(json) },
    { weight: 2, arbitrary: rawBodies },
  );
}

function multipartArb(doc: OpenApiDocument, op: Operation, pools: Pools): fc.Arbitrary<Body> {
  const props = op.body!.schema.properties ?? {};
  const fileField = Object.entries(props).find(([, s]) => s.format === 'binary')?.[0] ?? 'file';
  const fieldNames = Object.keys(props).filter((k) => k !== fileField);
  const example = exampleOf(doc, op.body!.schema) as Record<string, unknown>;
  const fields = fc.dictionary(fc.constantFrom(...fieldNames, 'unknownField'), strings, { maxKeys: 4 }).map((extra) => {
    const out: Record<string, string> = {};
    for (const k of fieldNames) out[k] = typeof example[k] === 'string' ? (example[k] as string) : JSON.stringify(example[k] ?? '');
    for (const [k, v] of Object.entries(extra)) out[k] = v;
    return out;
  });
  const zipLike: fc.Arbitrary<number[]> = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((a) => [...a]),
    fc.constant<number[]>([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(40).fill(0)]), // a zip header and nothing else
    fc.constant<number[]>([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]), // an empty zip's end record
    ...pools.files.map((f) => fc.constant(f)),
    ...pools.files.map((f) => fc.integer({ min: 0, max: f.length - 1 }).map((cut) => f.slice(0, cut))), // truncated
  );
  const file = fc.option(
    fc.record({ field: fc.constantFrom(fileField, 'other'), bytes: zipLike, filename: fc.constantFrom('lens.zip', '../../etc/passwd', 'x.json', '') }),
    { nil: undefined },
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fields, file).map(([f, fl]): Body => ({ kind: 'multipart', fields: f, file: fl })) },
    { weight: 1, arbitrary: rawBodies },
  );
}

/** The generated requests of one operation: `runs` of them, always the same for the same seed. */
export function generatedRequests(doc: OpenApiDocument, op: Operation, pools: Pools, seed: number, runs: number): SweepRequest[] {
  const arb = fc.record({
    path: pathArb(op, pools),
    query: queryArb(op),
    body: bodyArb(doc, op, pools),
    token: fc.constantFrom<TokenKind>('user', 'user', 'admin'),
  });
  return fc.sample(arb, { seed, numRuns: runs }).map((r) => ({ method: op.method, ...r }));
}

/** A few fixed hostile requests every operation gets, whatever the seed. */
export function fixedRequests(doc: OpenApiDocument, op: Operation, pools: Pools): SweepRequest[] {
  const fill = (v: string) => fillPath(op.template, Object.fromEntries(op.pathParams.map((p) => [p.name, v])));
  const known = op.pathParams.length ? poolFor(op, op.pathParams[0].name, pools)[0] : undefined;
  const path = known ? fill(known) : fill('sweep-key');
  const out: SweepRequest[] = [
    { method: op.method, path, query: 'limit=99999999999999999999&offset=-5&sort=-nope&fields=__proto__', token: 'user' },
    { method: op.method, path, query: 'limit[]=1&limit[]=2&offset[a]=1&override=admin', token: 'user' },
    { method: op.method, path, query: 'offset=99999999999999999999', token: 'user' },
    { method: op.method, path, query: 'sort=toString,-constructor&toString=1&constructor=x&hasOwnProperty=y&__proto__=z', token: 'user' },
  ];
  if (op.pathParams.length) {
    for (const raw of ['%00', 'a%00b', '%E0%A4%A', 'x'.repeat(5000), safeEncode('a\u0000b|c\u0000d'), safeEncode("' OR 1=1 --")]) {
      out.push({ method: op.method, path: op.template.replace(/\{[^}]+\}/g, raw), query: '', token: 'admin' });
    }
  }
  if (op.method !== 'get' && op.method !== 'delete') {
    out.push(
      { method: op.method, path, query: '', token: 'user', body: { kind: 'raw', contentType: 'application/json', text: '{"name": ' } },
      { method: op.method, path, query: '', token: 'user', body: { kind: 'raw', contentType: 'application/json', text: 'null' } },
      { method: op.method, path, query: '', token: 'user', body: { kind: 'raw', contentType: 'application/json', text: '"text"' } },
      { method: op.method, path, query: '', token: 'user', body: { kind: 'raw', contentType: 'application/json', text: `{"x":${'['.repeat(20000)}${']'.repeat(20000)}}` } },
      { method: op.method, path, query: '', token: 'admin', body: { kind: 'json', value: deepNest(3000) } },
    );
    if (op.body?.contentType.startsWith('multipart/')) {
      const example = exampleOf(doc, op.body.schema) as Record<string, unknown>;
      const fields = Object.fromEntries(Object.keys(example).map((k) => [k, `${typeof example[k] === 'string' ? (example[k] as string) : 'x'}\u0000`]));
      out.push({ method: op.method, path, query: '', token: 'admin', body: { kind: 'multipart', fields } });
    }
    if (op.body && !op.body.contentType.startsWith('multipart/') && typeOf(op.body.schema) !== 'array') {
      const base = exampleOf(doc, op.body.schema);
      const withNul = Object.fromEntries(Object.entries(base as object).map(([k, v]) => [k, typeof v === 'string' ? `${v}\u0000` : v]));
      out.push({ method: op.method, path, query: '', token: 'admin', body: { kind: 'json', value: withNul } });
    }
  }
  return out;
}

/** The Server-Sent Events routes: an accepted request stays open for as long as the client reads. */
const STREAM_ROUTE = /^\/v1\/(perspectives|subjects)\/[^/]+\/events$/;

/**
 * Reads an answer as the default parsers would (text, and JSON when it says so), except an
 * event stream, which is closed as soon as its status and headers have arrived: those are what
 * the sweep checks, and the stream itself never ends.
 */
function parseUnlessStream(res: NodeJS.ReadableStream & { headers: Record<string, string>; text?: string; destroy(): void }, done: (err: Error | null, body: unknown) => void): void {
  if (/event-stream/.test(String(res.headers['content-type']))) {
    res.destroy();
    res.text = '';
    done(null, {});
    return;
  }
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => {
    res.text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = {};
    if (/json/.test(String(res.headers['content-type']))) {
      try {
        body = JSON.parse(res.text);
      } catch {
        body = {};
      }
    }
    done(null, body);
  });
}

/** Sends one sweep request with the given token (or none). */
export async function send(t: TestApp, req: SweepRequest, tokens: Record<'user' | 'admin', string>): Promise<Response> {
  const url = req.query ? `${req.path}?${req.query}` : req.path;
  let r = t.http()[req.method](url);
  if (req.method === 'get' && STREAM_ROUTE.test(req.path)) r = r.buffer(true).parse(parseUnlessStream as never);
  if (req.token !== 'none') r = r.set('Authorization', tokens[req.token]);
  const body = req.body;
  if (!body) return r;
  switch (body.kind) {
    case 'json': {
      const text = JSON.stringify(body.value);
      return text === undefined ? r : r.set('Content-Type', 'application/json').send(text);
    }
    case 'raw':
      for (const [k, v] of Object.entries(body.headers ?? {})) r = r.set(k, v);
      return r.set('Content-Type', body.contentType).send(body.text);
    case 'multipart': {
      for (const [k, v] of Object.entries(body.fields)) r = r.field(k, v);
      if (body.file) r = r.attach(body.file.field, Buffer.from(body.file.bytes), body.file.filename || 'blob');
      return r;
    }
  }
}

/** A short, exact description of a request, enough to replay it by hand. */
export function describeRequest(req: SweepRequest): string {
  const url = req.query ? `${req.path}?${req.query}` : req.path;
  let body = '';
  if (req.body?.kind === 'json') body = ` json=${JSON.stringify(req.body.value)}`;
  if (req.body?.kind === 'raw') body = ` ${req.body.contentType} ${JSON.stringify(req.body.headers ?? {})} ${JSON.stringify(req.body.text)}`;
  if (req.body?.kind === 'multipart') body = ` multipart fields=${JSON.stringify(req.body.fields)} file=${req.body.file ? `${req.body.file.field}:${req.body.file.bytes.length}B` : 'none'}`;
  const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  return `${req.method.toUpperCase()} ${short(url)} [${req.token} token]${short(body)}`;
}
