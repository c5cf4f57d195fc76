import type { Client } from 'pg';
import { Api, expectOk, inParallel, SkipBenchmark } from './api';

/** The data set of issue 7: 2,000 published subjects in four levels, and 10 + 10 aspects. */
export interface BenchData {
  user?: { id: string; name: string; email: string };
  token?: string;
  /** How the bench user got its token, or why there is none. */
  auth: string;
  rootPath: string;
  /** Absolute paths of every subject, root first. */
  subjects: string[];
  /** 10 aspects anyone may write. */
  openAspects: string[];
  /** 10 aspects whose writers list holds the bench user only. */
  protectedAspects: string[];
  /** How the aspects were created ('api' or 'sql'). */
  aspects: string;
  /** How the writers were set ('api' or 'sql'), or why they could not be. */
  writers: string;
}

export const SUBJECT_COUNT = 2000;
export const ASPECTS_PER_SET = 10;
const ROOT = 'bench';
const SEED_PARALLELISM = 8;

/** Root, 10 children, 10 grandchildren each, and leaves under those up to SUBJECT_COUNT. */
export function subjectTree(): { name: string; parent?: string; path: string }[] {
  const out: { name: string; parent?: string; path: string }[] = [{ name: ROOT, path: ROOT }];
  const level2: string[] = [];
  for (let i = 0; i < 10; i++) {
    const p1 = `${ROOT}.region${i}`;
    out.push({ name: `region${i}`, parent: ROOT, path: p1 });
    for (let j = 0; j < 10; j++) {
      const p2 = `${p1}.cluster${j}`;
      out.push({ name: `cluster${j}`, parent: p1, path: p2 });
      level2.push(p2);
    }
  }
  const leaves = SUBJECT_COUNT - out.length;
  for (let k = 0; k < leaves; k++) {
    const parent = level2[k % level2.length];
    const name = `host${Math.floor(k / level2.length)}`;
    out.push({ name, parent, path: `${parent}.${name}` });
  }
  return out;
}

async function register(api: Api): Promise<Pick<BenchData, 'user' | 'token' | 'auth'>> {
  const res = await api.post<Record<string, unknown>>('/v1/register', {
    username: 'bench',
    email: 'bench@example.com',
    password: 'bench-password-0123456789',
  });
  if (res.status === 404) return { auth: 'none: POST /v1/register is missing' };
  expectOk(res, 'POST /v1/register');
  const body = res.body;
  const user = (typeof body.user === 'object' && body.user ? body.user : body) as { id: string; name: string; email: string };
  const token = typeof body.token === 'string' ? body.token : undefined;
  if (!token) return { user, auth: 'none: /v1/register returned no token' };
  return { user: { id: user.id, name: user.name, email: user.email }, token, auth: 'token from POST /v1/register' };
}

function aspectBody(name: string) {
  return {
    name,
    timeout: '1h',
    valueType: 'NUMERIC',
    okRange: [0, 59],
    warningRange: [60, 79],
    criticalRange: [80, 100],
    isPublished: true,
    tags: ['bench'],
  };
}

async function createAspects(api: Api, sql: Client, names: string[], user: BenchData['user']): Promise<string> {
  const first = await api.post('/v1/aspects', aspectBody(names[0]));
  if (first.status === 404) {
    // No aspects route (yet): the same records, written directly, so the other benchmarks run.
    for (const name of names) {
      const a = aspectBody(name);
      await sql.query(
        `INSERT INTO aspects (name, timeout, value_type, ok_range, warning_range, critical_range, is_published, tags, created_by, owner_id)
         VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8, $8)`,
        [a.name, a.timeout, a.valueType, a.okRange, a.warningRange, a.criticalRange, a.tags, user?.id ?? null],
      );
    }
    return 'sql (POST /v1/aspects answered 404)';
  }
  expectOk(first, 'POST /v1/aspects');
  await inParallel(names.slice(1), SEED_PARALLELISM, async (name) => {
    expectOk(await api.post('/v1/aspects', aspectBody(name)), 'POST /v1/aspects');
  });
  return 'api';
}

async function protect(api: Api, sql: Client, aspects: string[], user: BenchData['user']): Promise<string> {
  if (!user) return 'not set: no bench user';
  let via = 'api';
  for (const name of aspects) {
    const res = await api.post(`/v1/aspects/${name}/writers`, [user.name]);
    if (res.status >= 200 && res.status < 300) continue;
    // The writers route is not there (yet): the same rows, written directly.
    via = `sql (POST /v1/aspects/{key}/writers answered ${res.status})`;
    await sql.query(
      `INSERT INTO aspect_writers (aspect_id, user_id) SELECT id, $2 FROM aspects WHERE lower(name) = lower($1) ON CONFLICT DO NOTHING`,
      [name, user.id],
    );
  }
  return via;
}

/** Creates the data through the API (so it is exactly what the app would have written). */
export async function seed(api: Api, sql: Client): Promise<BenchData> {
  const identity = await register(api);
  api.token = identity.token;
  const openAspects = Array.from({ length: ASPECTS_PER_SET }, (_, i) => `bench_open_${i}`);
  const protectedAspects = Array.from({ length: ASPECTS_PER_SET }, (_, i) => `bench_writers_${i}`);
  const aspects = await createAspects(api, sql, [...openAspects, ...protectedAspects], identity.user);
  const writers = await protect(api, sql, protectedAspects, identity.user);

  const tree = subjectTree();
  const byLevel = new Map<number, typeof tree>();
  for (const s of tree) {
    const level = s.path.split('.').length;
    byLevel.set(level, [...(byLevel.get(level) ?? []), s]);
  }
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    await inParallel(byLevel.get(level) ?? [], SEED_PARALLELISM, async (s) => {
      const body = s.parent ? { name: s.name, parentAbsolutePath: s.parent, isPublished: true } : { name: s.name, isPublished: true };
      expectOk(await api.post('/v1/subjects', body), 'POST /v1/subjects');
    });
  }
  const count = await sql.query<{ n: string }>('SELECT count(*) AS n FROM subjects');
  if (Number(count.rows[0].n) !== tree.length) throw new SkipBenchmark(`seeded ${count.rows[0].n} subjects, expected ${tree.length}`);
  return { ...identity, aspects, rootPath: ROOT, subjects: tree.map((s) => s.path), openAspects, protectedAspects, writers };
}

/** Sample names for every subject × the given aspects. */
export function sampleNames(data: BenchData, aspects: string[]): string[] {
  const names: string[] = [];
  for (const s of data.subjects) for (const a of aspects) names.push(`${s}|${a}`);
  return names;
}
