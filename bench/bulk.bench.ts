import { computeStatus } from '../src/samples/status';
import { expectOk, SkipBenchmark } from './support/api';
import type { BenchContext, Figures } from './support/context';
import { sampleNames } from './support/seed';
import type { ServerStats } from './support/server-process';
import type { SqlTimes } from './support/sql-timing';
import { median, now } from './support/stats';

const BATCH = 1000;
const ROUNDS = 5;
const RANGES = { okRange: [0, 59], warningRange: [60, 79], criticalRange: [80, 100] };

/** The value of sample i in round r: changes every round, crossing status boundaries. */
export const valueOf = (i: number, round: number) => String((i * 7 + round * 13) % 101);

/** Request bodies for one round, prepared before the clock starts. */
export function bodies(names: string[], round: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += BATCH) {
    out.push(JSON.stringify(names.slice(i, i + BATCH).map((name, j) => ({ name, value: valueOf(i + j, round) }))));
  }
  return out;
}

/** POSTs the batches one after another, as a collector would; returns seconds and the job ids. */
export async function apiUpsert(ctx: BenchContext, batches: string[]): Promise<{ seconds: number; jobIds: number[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (ctx.data.token) headers.authorization = ctx.data.token;
  const jobIds: number[] = [];
  const t0 = now();
  for (const body of batches) {
    const res = await fetch(`${ctx.base}/v1/samples/upsert/bulk`, { method: 'POST', headers, body });
    const json = (await res.json()) as { jobId?: number };
    if (res.status !== 200) throw new SkipBenchmark(`POST /v1/samples/upsert/bulk answered ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    if (json.jobId !== undefined) jobIds.push(json.jobId);
  }
  return { seconds: (now() - t0) / 1000, jobIds };
}

/** One side of an interleaved API round: its seconds, the server's CPU time and the job ids. */
interface ApiSide {
  seconds: number;
  cpuMicros: number;
  jobIds: number[];
}

/**
 * Open and write-protected batches through the API, one request of each in turn (open 1,
 * protected 1, open 2, …), each timed alone with the server's CPU time around it: both sides
 * see the same moment of the machine (autovacuum after the previous step, other load), which
 * separate steps one after the other did not (the protected step always followed the open one).
 */
async function apiUpsertInterleaved(ctx: BenchContext, open: string[], prot: string[]): Promise<{ open: ApiSide; prot: ApiSide }> {
  const sides = { open: { seconds: 0, cpuMicros: 0, jobIds: [] as number[] }, prot: { seconds: 0, cpuMicros: 0, jobIds: [] as number[] } };
  for (let i = 0; i < Math.max(open.length, prot.length); i++) {
    const turns: [ApiSide, string | undefined][] = [[sides.open, open[i]], [sides.prot, prot[i]]];
    if (i % 2) turns.reverse(); // neither side always goes first
    for (const [side, body] of turns) {
      if (body === undefined) continue;
      const cpuBefore = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
      const r = await apiUpsert(ctx, [body]);
      side.cpuMicros += (await ctx.app.request<ServerStats>('stats')).cpuMicros - cpuBefore;
      side.seconds += r.seconds;
      side.jobIds.push(...r.jobIds);
    }
  }
  return sides;
}

/** Every item of the job must have been written, or the rate would count refused samples. */
async function expectNoItemErrors(ctx: BenchContext, jobId: number | undefined): Promise<void> {
  if (jobId === undefined) return;
  const res = expectOk(await ctx.api.get<{ errors?: { name: string; type: string; message?: string }[] }>(`/v1/samples/upsert/bulk/${jobId}/status`), 'GET bulk job status');
  const errors = res.body.errors ?? [];
  if (errors.length) throw new Error(`bulk job ${jobId} refused ${errors.length} items, e.g. ${JSON.stringify(errors[0]).slice(0, 200)}`);
}

interface RawRows {
  subjectIds: string[];
  aspectIds: string[];
}

/** The ids behind the sample names, resolved once (the raw path needs no lookups). */
async function rawRows(ctx: BenchContext, names: string[]): Promise<RawRows> {
  const subjects = await ctx.sql.query<{ id: string; p: string }>('SELECT id, lower(absolute_path) AS p FROM subjects');
  const aspects = await ctx.sql.query<{ id: string; n: string }>('SELECT id, lower(name) AS n FROM aspects');
  const s = new Map(subjects.rows.map((r) => [r.p, r.id]));
  const a = new Map(aspects.rows.map((r) => [r.n, r.id]));
  const rows: RawRows = { subjectIds: [], aspectIds: [] };
  for (const name of names) {
    const [sp, an] = name.toLowerCase().split('|');
    const sid = s.get(sp);
    const aid = a.get(an);
    if (!sid || !aid) throw new Error(`raw SQL: cannot resolve ${name}`);
    rows.subjectIds.push(sid);
    rows.aspectIds.push(aid);
  }
  return rows;
}

/** The raw upsert: the same status transitions as the app's, into `table`. */
const rawUpsertSql = (table: string) => `
  INSERT INTO ${table} AS s (subject_id, aspect_id, value, status, previous_status, status_changed_at, created_at, updated_at)
  SELECT t.subject_id, t.aspect_id, t.value, t.status, 'Invalid', now(), now(), now()
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(subject_id, aspect_id, value, status)
  ON CONFLICT (subject_id, aspect_id) DO UPDATE SET
    value = EXCLUDED.value,
    status = EXCLUDED.status,
    previous_status = CASE WHEN s.status = EXCLUDED.status THEN s.previous_status ELSE s.status END,
    status_changed_at = CASE WHEN s.status = EXCLUDED.status THEN s.status_changed_at ELSE now() END,
    updated_at = now()`;

/**
 * The physical limit: a plain table with the columns the raw upsert writes and nothing else (its
 * primary key; no foreign keys, no other index, no trigger, default storage settings).
 */
const PLAIN_TABLE = 'bench_plain_samples';
const CREATE_PLAIN = `CREATE TABLE IF NOT EXISTS ${PLAIN_TABLE} (
  subject_id uuid NOT NULL, aspect_id uuid NOT NULL, value text NOT NULL, status text NOT NULL,
  previous_status text NOT NULL, status_changed_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, PRIMARY KEY (subject_id, aspect_id))`;

/** The same rows by raw SQL, batches of 1,000, statuses computed in memory like the app does. */
async function rawUpsert(ctx: BenchContext, rows: RawRows, round: number, table = 'samples'): Promise<number> {
  const sql = rawUpsertSql(table);
  const t0 = now();
  for (let i = 0; i < rows.subjectIds.length; i += BATCH) {
    const values = rows.subjectIds.slice(i, i + BATCH).map((_, j) => valueOf(i + j, round));
    await ctx.sql.query(sql, [
      rows.subjectIds.slice(i, i + BATCH),
      rows.aspectIds.slice(i, i + BATCH),
      values,
      values.map((v) => computeStatus(v, RANGES)),
    ]);
  }
  return (now() - t0) / 1000;
}

/**
 * Measurements 1 and 2: 2,000 subjects × 10 aspects in batches of 1,000 through the API, to
 * open aspects and to write-protected ones (the caller a writer; the two request by request in
 * turn), against raw SQL upserts of the same rows; the three steps alternate, round after
 * round, after a first round that creates the samples. Rates are medians over the rounds.
 */
export async function bulkBench(ctx: BenchContext): Promise<Figures> {
  const open = sampleNames(ctx.data, ctx.data.openAspects);
  const prot = sampleNames(ctx.data, ctx.data.protectedAspects);
  if (!open.length) throw new SkipBenchmark('no subjects were seeded');

  // Round 0 creates the samples (and checks that nothing is refused).
  const created = await apiUpsert(ctx, bodies(open, 0));
  await expectNoItemErrors(ctx, created.jobIds[0]);
  const createdProt = await apiUpsert(ctx, bodies(prot, 0));
  await expectNoItemErrors(ctx, createdProt.jobIds[0]);
  const count = await ctx.sql.query<{ n: string }>('SELECT count(*) AS n FROM samples');
  if (Number(count.rows[0].n) !== open.length + prot.length) throw new Error(`expected ${open.length + prot.length} samples after the first round, found ${count.rows[0].n}`);
  // Planner statistics as autovacuum would have them a minute later (see docs/PERFORMANCE.md).
  await ctx.sql.query('ANALYZE');
  const raw = await rawRows(ctx, open);
  await ctx.sql.query(CREATE_PLAIN);
  await rawUpsert(ctx, raw, 0, PLAIN_TABLE);
  await ctx.sql.query(`ANALYZE ${PLAIN_TABLE}`);

  const apiRates: number[] = [];
  const protRates: number[] = [];
  const rawRates: number[] = [];
  const plainRates: number[] = [];
  let apiSeconds = 0;
  let apiSqlMs = 0;
  let apiCpuMicros = 0;
  let protCpuMicros = 0;
  let costliest: SqlTimes['top'][number] | undefined;
  await ctx.app.request('profile-start');
  const apiTop = new Map<string, { calls: number; totalMs: number }>();
  for (let round = 1; round <= ROUNDS; round++) {
    const openBodies = bodies(open, round);
    const protBodies = bodies(prot, round);
    // The raw upsert into samples writes the open samples' values as the API last left them (this
    // round's once the API step has run, else the last round's): the API then finds the open
    // samples as it finds the protected ones, and makes the same status changes (history rows)
    // on both sides. Writing this round's values ahead of the API left it nothing to change on
    // the open side in the rounds where the raw step came first (2 of 5), which favoured that side.
    let apiDone = false;
    const steps = [
      async () => {
        // Open and protected aspects, request by request in turn (apiUpsertInterleaved).
        await ctx.app.request('sql-reset');
        const sides = await apiUpsertInterleaved(ctx, openBodies, protBodies);
        apiCpuMicros += sides.open.cpuMicros;
        protCpuMicros += sides.prot.cpuMicros;
        const times = await ctx.app.request<SqlTimes>('sql-times', { top: 6 });
        // The upsert itself (a WITH … INSERT), not whatever else the request set off.
        costliest ??= times.top.find((q) => q.params && /^\s*with\b[\s\S]*\binsert\s+into\s+samples\b/i.test(q.text));
        apiSqlMs += times.busyMs;
        for (const q of times.top) {
          const key = q.text.replace(/\s+/g, ' ').trim().slice(0, 160);
          const e = apiTop.get(key) ?? { calls: 0, totalMs: 0 };
          apiTop.set(key, { calls: e.calls + q.calls, totalMs: e.totalMs + q.totalMs });
        }
        apiDone = true;
        apiSeconds += sides.open.seconds + sides.prot.seconds;
        apiRates.push(open.length / sides.open.seconds);
        protRates.push(prot.length / sides.prot.seconds);
        if (round === 1) {
          await expectNoItemErrors(ctx, sides.open.jobIds[0]);
          await expectNoItemErrors(ctx, sides.prot.jobIds[0]);
        }
      },
      async () => {
        rawRates.push(open.length / (await rawUpsert(ctx, raw, apiDone ? round : round - 1)));
      },
      async () => {
        plainRates.push(open.length / (await rawUpsert(ctx, raw, round, PLAIN_TABLE)));
      },
    ];
    // Rotate the order each round so that no side always goes first.
    for (let k = 0; k < steps.length; k++) await steps[(k + round) % steps.length]();
  }
  const r = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
  process.stderr.write(`[bench] bulk rounds (samples/s): API open ${r(apiRates)}; API protected ${r(protRates)}; raw ${r(rawRates)}; plain ${r(plainRates)}\n`);
  await ctx.sql.query(`DROP TABLE ${PLAIN_TABLE}`);
  await ctx.app.request('profile-stop', { name: `${ctx.engine}-bulk-app` });
  // Ratios are taken within each round (measured seconds apart), then the median of those.
  const apiRate = median(apiRates);
  const writersRate = median(protRates);
  const rawRate = median(rawRates);
  const apiVsRaw = median(apiRates.map((a, i) => a / rawRates[i]));
  const apiVsPlain = median(apiRates.map((a, i) => a / plainRates[i]));
  const writersVsOpen = median(protRates.map((p, i) => p / apiRates[i]));
  return {
    rounds: ROUNDS,
    perRound: `API open ${r(apiRates)}; API protected ${r(protRates)}; raw SQL into samples ${r(rawRates)}; raw SQL into a plain table ${r(plainRates)} (samples/s)`,
    createRate: open.length / created.seconds,
    apiRate,
    rawRate,
    apiVsRaw,
    plainRate: median(plainRates),
    apiVsPlain,
    apiSqlShare: apiSqlMs / (apiSeconds * 1000),
    apiCpuMicrosPerSample: apiCpuMicros / (open.length * ROUNDS),
    writersCpuMicrosPerSample: protCpuMicros / (prot.length * ROUNDS),
    writersRate,
    writersVsOpen,
    method: `writers set via ${ctx.data.writers}`,
    explain: await explainWrite(ctx, costliest),
    topQueries: [...apiTop.entries()].map(([text, e]) => ({ text, ...e })).sort((a, b) => b.totalMs - a.totalMs).slice(0, 6),
  };
}

/**
 * The hierarchy is measured over 2,000 subjects × 10 aspects: the open aspects' samples, filled
 * by raw SQL when the bulk benchmark could not write them, and no others. No VACUUM: the
 * hierarchy benchmark measures with the dead rows first, then vacuums.
 */
export async function ensureHierarchySamples(ctx: BenchContext): Promise<string | undefined> {
  const open = sampleNames(ctx.data, ctx.data.openAspects);
  if (!open.length) return undefined;
  await ctx.sql.query(`DELETE FROM samples WHERE aspect_id IN (SELECT id FROM aspects WHERE name LIKE 'bench\\_writers\\_%')`);
  const count = await ctx.sql.query<{ n: string }>('SELECT count(*) AS n FROM samples');
  const filled = Number(count.rows[0].n) !== open.length;
  if (filled) await rawUpsert(ctx, await rawRows(ctx, open), 0);
  await ctx.sql.query('ANALYZE');
  if (!filled) return undefined;
  return `hierarchy samples written by raw SQL (the API bulk upsert did not run)`;
}

/** New values for every open sample through the API, `rounds` times over (20 requests of 1,000 each). */
export async function apiUpdateRounds(ctx: BenchContext, rounds: number, first = 100): Promise<number> {
  const open = sampleNames(ctx.data, ctx.data.openAspects);
  let seconds = 0;
  for (let r = 0; r < rounds; r++) seconds += (await apiUpsert(ctx, bodies(open, first + r))).seconds;
  return (open.length * rounds) / seconds;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the API's costliest statement of a round (the upsert), run with
 * the parameters of one of its calls inside a transaction that is rolled back: where the time
 * goes against the raw upsert.
 */
async function explainWrite(ctx: BenchContext, top: SqlTimes['top'][number] | undefined): Promise<string | undefined> {
  if (!top?.params) return undefined;
  try {
    await ctx.sql.query('BEGIN');
    const r = await ctx.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${top.text}`, top.params);
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  } catch (e) {
    return `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await ctx.sql.query('ROLLBACK').catch(() => undefined);
  }
}
