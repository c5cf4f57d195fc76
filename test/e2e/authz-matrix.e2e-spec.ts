import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { insertAspect, insertLens, insertPerspective, insertSample, insertSubject, insertWriters, lensLibrary, unique } from '../support/records';
import { CollectorFixtureName, collectorFixture } from '../support/collector-records';

/**
 * The authorisation matrix (CONTRACT §6, SECURITY 11–13): every modifying route of subjects,
 * aspects, samples, perspectives and lenses, asked by six callers on an open and on a protected
 * record. The expected statuses live in authz-matrix.json; after every refused request (and
 * every request expected to leave the record alone) a GET shows the record unchanged.
 */

const CALLERS = ['none', 'unrelated', 'writer', 'admin', 'adminOverride', 'userOverride'] as const;
type CallerName = (typeof CALLERS)[number];
const STATES = ['open', 'protected'] as const;
type State = (typeof STATES)[number];
type CellSpec = number | 'ok' | { status: number | 'ok'; changed?: boolean; type?: string };
type Expectation = Record<State, Record<CallerName, CellSpec>>;
type FixtureName =
  | 'none'
  | 'subject'
  | 'subjectTree'
  | 'aspect'
  | 'perspective'
  | 'lens'
  | 'sample'
  | 'sampleSlot'
  | CollectorFixtureName;

interface RouteSpec {
  route: string;
  fixture: FixtureName;
  url: string;
  ok: number;
  expect: string;
  body?: unknown;
  multipart?: { fields: Record<string, string>; file: string };
  check?: string[];
  forbiddenType?: string;
  cells?: Partial<Record<State, Partial<Record<CallerName, CellSpec>>>>;
}

interface Matrix {
  resources: string[];
  expectations: Record<string, Expectation>;
  routes: RouteSpec[];
}

const matrix = JSON.parse(readFileSync(join(__dirname, 'authz-matrix.json'), 'utf8')) as Matrix;
const MODIFYING = ['post', 'put', 'patch', 'delete'];

let t: TestApp;
let writer: TestUser;
let unrelated: TestUser;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  writer = await createUserWithToken(t);
  unrelated = await createUserWithToken(t);
  admin = await adminToken(t);
});

afterAll(async () => {
  await t?.close();
});

interface Fixture {
  vars: Record<string, string>;
  protect(): Promise<void>;
}

async function makeFixture(name: FixtureName): Promise<Fixture> {
  const w = [writer.user.id];
  switch (name) {
    case 'none':
      return { vars: {}, protect: async () => undefined };
    case 'subject': {
      const s = await insertSubject(t);
      return { vars: { id: s.id, name: s.name, key: s.path }, protect: () => insertWriters(t, 'subject', s.id, w) };
    }
    case 'subjectTree': {
      // Protected: only the child has writers, so the subtree check is what refuses.
      const root = await insertSubject(t);
      const child = await insertSubject(t, { name: unique('Child'), parent: root });
      return {
        vars: { id: root.id, name: root.name, key: root.path, childId: child.id, childKey: child.path },
        protect: () => insertWriters(t, 'subject', child.id, w),
      };
    }
    case 'aspect': {
      const a = await insertAspect(t);
      return { vars: { id: a.id, name: a.name, key: a.name }, protect: () => insertWriters(t, 'aspect', a.id, w) };
    }
    case 'perspective': {
      const p = await insertPerspective(t);
      const lens = await insertLens(t);
      return { vars: { id: p.id, name: p.name, key: p.name, lensId: lens.id }, protect: () => insertWriters(t, 'perspective', p.id, w) };
    }
    case 'lens': {
      const l = await insertLens(t);
      return { vars: { id: l.id, name: l.name, key: l.name }, protect: () => insertWriters(t, 'lens', l.id, w) };
    }
    case 'collector':
    case 'collectorPaused':
    case 'collectorDeregistered':
    case 'collectorGroup':
    case 'generatorTemplate':
    case 'generator':
      return collectorFixture(t, name, w);
    case 'sample':
    case 'sampleSlot': {
      const s = await insertSubject(t);
      const a = await insertAspect(t);
      if (name === 'sample') await insertSample(t, s.id, a.id, '0');
      return {
        vars: { key: `${s.path}|${a.name}`, subjectId: s.id, aspectId: a.id, subject: s.path, aspect: a.name },
        protect: () => insertWriters(t, 'aspect', a.id, w),
      };
    }
  }
}

function fill(template: unknown, vars: Record<string, string>, inUrl = false): unknown {
  if (typeof template === 'string') {
    return template.replace(/\{(\w+)\}/g, (_m, v: string) => {
      const value = v === 'unique' ? unique('M') : v === 'writer' ? writer.user.name : vars[v];
      if (value === undefined) throw new Error(`matrix: no value for {${v}}`);
      return inUrl ? encodeURIComponent(value) : value;
    });
  }
  if (Array.isArray(template)) return template.map((x) => fill(x, vars, inUrl));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, x]) => [k, fill(x, vars, inUrl)]));
  }
  return template;
}

function tokenOf(caller: CallerName): string | undefined {
  switch (caller) {
    case 'none':
      return undefined;
    case 'unrelated':
      return unrelated.token;
    case 'writer':
    case 'userOverride':
      return writer.token;
    case 'admin':
    case 'adminOverride':
      return admin;
  }
}

async function send(spec: RouteSpec, vars: Record<string, string>, caller: CallerName): Promise<Response> {
  const [method] = spec.route.split(' ');
  let url = fill(spec.url, vars, true) as string;
  if (caller === 'adminOverride' || caller === 'userOverride') url += `${url.includes('?') ? '&' : '?'}override=admin`;
  const agent = t.http();
  let req = method === 'POST' ? agent.post(url) : method === 'PUT' ? agent.put(url) : method === 'PATCH' ? agent.patch(url) : agent.delete(url);
  const token = tokenOf(caller);
  if (token) req = req.set('Authorization', token);
  if (spec.multipart) {
    const fields = fill(spec.multipart.fields, vars) as Record<string, string>;
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach(spec.multipart.file, await lensLibrary(fields.name ?? unique('L')), 'lens.zip');
  }
  return spec.body === undefined ? req : req.send(fill(spec.body, vars) as object);
}

async function snapshot(spec: RouteSpec, vars: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const path of spec.check ?? []) {
    const r = await t.http().get(fill(path, vars, true) as string).set('Authorization', admin);
    out.push(`${r.status} ${JSON.stringify(r.body)}`);
  }
  return out;
}

/** Bulk writes answer before they are applied: wait for the job the response names. */
async function settle(res: Response): Promise<void> {
  const jobId = (res.body as { jobId?: unknown } | undefined)?.jobId;
  if (res.status !== 200 || jobId === undefined) return;
  for (let i = 0; i < 200; i++) {
    const r = await t.http().get(`/v1/samples/upsert/bulk/${String(jobId)}/status`).set('Authorization', admin);
    if (r.status !== 200 || /^complete/.test(String(r.body.status))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function cellOf(spec: RouteSpec, state: State, caller: CallerName): { status: number; changed?: boolean; type?: string } {
  const base = matrix.expectations[spec.expect];
  if (!base) throw new Error(`matrix: unknown expectation ${spec.expect}`);
  const raw = spec.cells?.[state]?.[caller] ?? base[state][caller];
  const cell = typeof raw === 'object' ? raw : { status: raw };
  const status = cell.status === 'ok' ? spec.ok : cell.status;
  return { ...cell, status };
}

function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  const prefixes = matrix.resources.map((r) => `/v1/${r}`);
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!prefixes.some((p) => path === p || path.startsWith(`${p}/`))) continue;
    for (const m of Object.keys(ops)) if (MODIFYING.includes(m)) out.push(`${m.toUpperCase()} ${path}`);
  }
  return out.sort();
}

describe('authorisation matrix', () => {
  it('lists every modifying route of the OpenAPI document, and only those', async () => {
    const doc = await t.http().get('/v1/api-docs');
    expect(doc.status).toBe(200);
    const documented = documentedRoutes(doc.body);
    const listed = matrix.routes.map((r) => r.route).sort();
    expect(listed.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !listed.includes(r))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it.each(matrix.routes.map((r) => [r.route, r] as const))('%s', async (_name, spec) => {
    const failures: string[] = [];
    for (const state of STATES) {
      for (const caller of CALLERS) {
        const expected = cellOf(spec, state, caller);
        const fx = await makeFixture(spec.fixture);
        if (state === 'protected') await fx.protect();
        const before = await snapshot(spec, fx.vars);
        const res = await send(spec, fx.vars, caller);
        await settle(res);
        const where = `${state}/${caller}`;
        if (res.status !== expected.status) {
          failures.push(`${where}: expected ${expected.status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        const type = expected.type ?? (res.status === 403 ? spec.forbiddenType ?? 'ForbiddenError' : res.status === 401 ? 'AuthenticationError' : undefined);
        const gotType = (res.body as { errors?: { type?: string }[] }).errors?.[0]?.type;
        if (type && gotType !== type) failures.push(`${where}: expected type ${type}, got ${gotType}`);
        const mustBeUnchanged = expected.changed === false || (expected.changed === undefined && res.status >= 400);
        if (mustBeUnchanged || expected.changed === true) {
          const after = await snapshot(spec, fx.vars);
          const same = JSON.stringify(after) === JSON.stringify(before);
          if (mustBeUnchanged && !same) failures.push(`${where}: refused, but the record changed: ${after.join(' ').slice(0, 300)}`);
          if (expected.changed === true && same) failures.push(`${where}: allowed, but the record did not change`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
