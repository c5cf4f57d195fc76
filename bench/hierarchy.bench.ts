import { expectOk } from './support/api';
import type { BenchContext, Figures } from './support/context';
import type { ServerStats } from './support/server-process';
import type { SqlTimes } from './support/sql-timing';
import { median, now, percentile } from './support/stats';

const MAX_REQUESTS = 40;
const MIN_REQUESTS = 5;
const BUDGET_MS = 10_000;

interface HierarchyNode {
  children?: HierarchyNode[];
  samples?: unknown[];
}

function countTree(node: HierarchyNode): { nodes: number; samples: number } {
  let nodes = 1;
  let samples = node.samples?.length ?? 0;
  for (const c of node.children ?? []) {
    const sub = countTree(c);
    nodes += sub.nodes;
    samples += sub.samples;
  }
  return { nodes, samples };
}

/**
 * Measurement 3: GET /v1/subjects/{root}/hierarchy over the whole tree, one request at a time:
 * latency median and p95, response size, and the share of the request spent waiting on SQL
 * (the server's own timing of its queries); the costliest statement is EXPLAIN ANALYZEd.
 */
export async function hierarchyBench(ctx: BenchContext): Promise<Figures & { explain?: string; topQueries?: SqlTimes['top'] }> {
  const path = `/v1/subjects/${ctx.data.rootPath}/hierarchy`;
  const first = expectOk(await ctx.api.get<HierarchyNode>(path), `GET ${path}`);
  const { nodes, samples } = countTree(first.body);
  await ctx.api.get(path);

  await ctx.app.request('sql-reset');
  await ctx.app.request('profile-start');
  const cpuBefore = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
  const latencies: number[] = [];
  let bytes = first.bytes;
  const t0 = now();
  while (latencies.length < MAX_REQUESTS && (latencies.length < MIN_REQUESTS || now() - t0 < BUDGET_MS)) {
    const res = await ctx.api.get(path);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status} during the run`);
    latencies.push(res.ms);
    bytes = res.bytes;
  }
  const cpuMicros = (await ctx.app.request<ServerStats>('stats')).cpuMicros - cpuBefore;
  await ctx.app.request('profile-stop', { name: `${ctx.engine}-hierarchy-app` });
  const sql = await ctx.app.request<SqlTimes>('sql-times', { top: 3 });
  const total = latencies.reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    nodes,
    samples,
    medianMs: median(latencies),
    p95Ms: percentile(latencies, 95),
    bytes,
    sqlShare: sql.busyMs / total,
    serverCpuMs: cpuMicros / 1000 / latencies.length,
    queriesPerRequest: sql.queries / latencies.length,
    explain: await explainCostliest(ctx, sql.top[0]),
    topQueries: sql.top.map((q) => ({ ...q, params: undefined, text: q.text.replace(/\s+/g, ' ').slice(0, 300) })),
  };
}

/** EXPLAIN ANALYZE of the statement that took longest in total (SELECTs only). */
async function explainCostliest(ctx: BenchContext, top: SqlTimes['top'][number] | undefined): Promise<string | undefined> {
  if (!top || !/^\s*(select|with)\b/i.test(top.text)) return undefined;
  try {
    const r = await ctx.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${top.text}`, top.params ?? []);
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  } catch (e) {
    return `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
