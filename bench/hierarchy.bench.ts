import { apiUpdateRounds } from './bulk.bench';
import type { BenchContext, Figures } from './support/context';
import { decode, EncodedResponse, getEncoded } from './support/http-get';
import type { ServerStats } from './support/server-process';
import type { SqlTimes } from './support/sql-timing';
import { median, now, percentile } from './support/stats';

const MAX_REQUESTS = 40;
const MIN_REQUESTS = 5;
const BUDGET_MS = 10_000;
/** Rounds of 20,000 sample updates through the API before the first measurement (issue 19). */
const UPDATE_ROUNDS = 4;

interface HierarchyNode {
  children?: HierarchyNode[];
  samples?: unknown[];
}

export function countTree(node: HierarchyNode): { nodes: number; samples: number } {
  let nodes = 1;
  let samples = node.samples?.length ?? 0;
  for (const c of node.children ?? []) {
    const sub = countTree(c);
    nodes += sub.nodes;
    samples += sub.samples;
  }
  return { nodes, samples };
}

/** GET /v1/subjects/{root}/hierarchy as a browser asks for it; a non-200 ends the benchmark. */
export async function getHierarchy(ctx: BenchContext): Promise<EncodedResponse> {
  const path = `/v1/subjects/${ctx.data.rootPath}/hierarchy`;
  const res = await getEncoded(`${ctx.base}${path}`, ctx.data.token);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${decode(res).toString('utf8').slice(0, 200)}`);
  return res;
}

/** Sequential requests: at least `min`, then until `budgetMs` has passed or `max` were made. */
export async function hierarchyLatencies(ctx: BenchContext, min: number, max: number, budgetMs: number): Promise<{ latencies: number[]; last: EncodedResponse }> {
  const latencies: number[] = [];
  let last: EncodedResponse | undefined;
  const t0 = now();
  while (latencies.length < max && (latencies.length < min || now() - t0 < budgetMs)) {
    last = await getHierarchy(ctx);
    latencies.push(last.ms);
  }
  return { latencies, last: last! };
}

/**
 * Measurement 3: GET /v1/subjects/{root}/hierarchy over the whole tree, one request at a time,
 * with the browser's Accept-Encoding. First right after 4 rounds of 20,000 sample updates
 * through the API (dead row versions as in real use, no VACUUM), then after VACUUM ANALYZE:
 * latency median and p95, response size (JSON and on the wire), and the share of the request
 * spent waiting on SQL (the server's own timing of its queries); the costliest statement is
 * EXPLAIN ANALYZEd.
 */
export async function hierarchyBench(ctx: BenchContext): Promise<Figures & { explain?: string; topQueries?: SqlTimes['top'] }> {
  const first = await getHierarchy(ctx);
  const json = decode(first);
  const { nodes, samples } = countTree(JSON.parse(json.toString('utf8')) as HierarchyNode);
  await getHierarchy(ctx);

  const updateRate = await apiUpdateRounds(ctx, UPDATE_ROUNDS);
  const afterUpdates = await hierarchyLatencies(ctx, MIN_REQUESTS, 10, 4000);
  const dead = await ctx.sql.query<{ live: string; dead: string; pages: string }>(
    `SELECT n_live_tup AS live, n_dead_tup AS dead, pg_relation_size('samples') / 8192 AS pages FROM pg_stat_user_tables WHERE relname = 'samples'`,
  );

  await ctx.sql.query('VACUUM ANALYZE');
  await ctx.app.request('sql-reset');
  await ctx.app.request('profile-start');
  const cpuBefore = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
  const { latencies, last } = await hierarchyLatencies(ctx, MIN_REQUESTS, MAX_REQUESTS, BUDGET_MS);
  const cpuMicros = (await ctx.app.request<ServerStats>('stats')).cpuMicros - cpuBefore;
  await ctx.app.request('profile-stop', { name: `${ctx.engine}-hierarchy-app` });
  const sql = await ctx.app.request<SqlTimes>('sql-times', { top: 3 });
  const total = latencies.reduce((a, b) => a + b, 0);
  const d = dead.rows[0];
  return {
    requests: latencies.length,
    nodes,
    samples,
    afterUpdatesMs: median(afterUpdates.latencies),
    afterUpdates: `${afterUpdates.latencies.length} requests right after ${UPDATE_ROUNDS} rounds of ${samples.toLocaleString('en-US')} updates through the API (${Math.round(updateRate)} samples/s; samples table then: ${d?.live ?? '?'} live and ${d?.dead ?? '?'} dead rows reported, ${d?.pages ?? '?'} pages): ${afterUpdates.latencies.map((x) => Math.round(x)).join(', ')} ms`,
    medianMs: median(latencies),
    vacuumedLatencies: latencies.map((x) => Math.round(x)).join(', '),
    p95Ms: percentile(latencies, 95),
    bytes: json.length,
    wireBytes: last.wireBytes,
    encoding: last.encoding,
    sqlShare: sql.busyMs / total,
    serverCpuMs: cpuMicros / 1000 / latencies.length,
    queriesPerRequest: sql.queries / latencies.length,
    explain: await explainCostliest(ctx, sql.top[0]),
    topQueries: sql.top.map((q) => ({ ...q, params: undefined, text: q.text.replace(/\s+/g, ' ').slice(0, 300) })),
  };
}

/** EXPLAIN ANALYZE of the statement that took longest in total (SELECTs only, a COPY's SELECT). */
async function explainCostliest(ctx: BenchContext, top: SqlTimes['top'][number] | undefined): Promise<string | undefined> {
  const text = top && (/^\s*COPY \(([\s\S]*)\) TO STDOUT\b/i.exec(top.text)?.[1] ?? top.text);
  if (!text || !/^\s*(select|with)\b/i.test(text)) return undefined;
  try {
    const r = await ctx.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, top.params ?? []);
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  } catch (e) {
    return `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
