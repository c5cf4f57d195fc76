/**
 * `npm run bench`: the benchmark suite of issue 7, against a real PostgreSQL (BENCH_DATABASE_URL,
 * a fresh database per run) and against the embedded engine (a fresh temporary directory).
 * Every figure that is compared with another is measured in the same run, alternating, so that
 * a noisy machine shifts both sides. Prints one table and writes it into docs/PERFORMANCE.md.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_ENGINES (default "server,embedded"),
 * BENCH_SECONDS (autocannon seconds per round, default 2), BENCH_ROUNDS (default 4),
 * BENCH_CPU_PROF=<dir> (CPU profiles of the servers during each measured window, written there;
 * summarise one with bench/profile-summary.ts),
 * BENCH_ONLY=bulk,hierarchy,aspects (a subset), BENCH_NO_WRITE=1 (print only),
 * BENCH_TS_NODE=1 (run the servers with ts-node instead of transpiling the project first).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aspectsReadBench } from './aspects-read.bench';
import { bulkBench, ensureHierarchySamples } from './bulk.bench';
import { hierarchyBench } from './hierarchy.bench';
import { historyBench, historyDetails } from './history.bench';
import { liveBench } from './live.bench';
import { perspectivePageDetails, perspectivePageStandalone } from './perspective-page.bench';
import { realtimeBench } from './realtime.bench';
import { Api, SkipBenchmark } from './support/api';
import { transpileProject } from './support/compile';
import type { BenchContext, Figures } from './support/context';
import { startProductionServer, startServer, StartedServer } from './support/context';
import { BenchDatabase, connect, createEmbeddedDatabase, createServerDatabase, DEFAULT_SERVER_URL } from './support/database';
import { EngineResult, machine, Outcome, resultsTable, writePerformanceDoc } from './support/report';
import { seed } from './support/seed';
import type { ServerStats } from './support/server-process';
import { fmtMs } from './support/stats';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function outcome<F extends Figures>(name: string, fn: () => Promise<F>): Promise<Outcome<F>> {
  const t0 = Date.now();
  log(`${name}…`);
  try {
    const figures = await fn();
    log(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { figures };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log(`${name}: skipped: ${why}`);
    if (!(e instanceof SkipBenchmark) && e instanceof Error && process.env.BENCH_DEBUG) log(e.stack ?? '');
    return { skipped: why.split('\n')[0].slice(0, 300) };
  }
}

/** BENCH_ONLY=bulk,hierarchy,live,aspects runs a subset (for profiling one of them). */
const selected = (name: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name);

let interrupted = false;
let logDir = tmpdir();
const cleanupsAtExit: (() => void)[] = [];

/**
 * The production server for the real PostgreSQL: `npm run build` (what `npm start` runs first),
 * then `node dist/src/main.js`. BENCH_BUILD=0 uses dist as it is; when the build fails (someone
 * else's half-written change), the transpiled twin of the same sources' main.js stands in, and
 * the results say so.
 */
function productionServer(): void {
  const root = join(__dirname, '..');
  const dist = join(root, 'dist', 'src', 'main.js');
  if (process.env.BENCH_MAIN) {
    // Another build of main.js (an A/B experiment): used as it is.
    process.env.BENCH_MAIN_LABEL = process.env.BENCH_MAIN;
    return;
  }
  if (process.env.BENCH_TS_NODE) {
    process.env.BENCH_MAIN = join(root, 'src', 'main.ts');
    process.env.BENCH_MAIN_LABEL = 'src/main.ts (ts-node)';
    return;
  }
  if (process.env.BENCH_BUILD !== '0') {
    const t0 = Date.now();
    try {
      execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
      log(`npm run build in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      log(`npm run build failed (${why}): the transpiled main.js stands in for dist`);
      process.env.BENCH_MAIN = join(process.env.BENCH_BUILD_DIR ?? '', 'src', 'main.js');
      process.env.BENCH_MAIN_LABEL = 'main.js transpiled from src (npm run build failed)';
      return;
    }
  }
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build`);
  process.env.BENCH_MAIN = dist;
  process.env.BENCH_MAIN_LABEL = 'dist/src/main.js';
}
const cleanups = new Set<() => Promise<void>>();
async function cleanUp(): Promise<void> {
  const list = [...cleanups].reverse();
  cleanups.clear();
  for (const c of list) await c().catch(() => undefined);
}

async function runEngine(engine: 'server' | 'embedded', details: string[]): Promise<EngineResult> {
  const t0 = Date.now();
  const result: EngineResult = { engine, version: engine === 'server' ? 'PostgreSQL' : 'embedded', seconds: 0, notes: [] };
  let db: BenchDatabase | undefined;
  let app: StartedServer | undefined;
  try {
    log(`${engine}: creating a fresh database`);
    db = engine === 'server' ? await createServerDatabase(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL) : await createEmbeddedDatabase();
    // BENCH_KEEP_DB=1 leaves the server's database for a look afterwards (its name is logged).
    if (process.env.BENCH_KEEP_DB === '1' && !db.embedded) log(`${engine}: keeping ${db.url}`);
    else cleanups.add(db.drop);
    result.version = db.version;
    const sql = await connect(db.url);
    cleanups.add(() => sql.end());
    log(`${engine}: starting the app (${db.version})`);
    const dbInfo = db;
    // The real server: the production build as `npm start` runs it. The embedded engine: the app
    // built by createApp on the engine's socket (main.js would start an engine of its own), with
    // the same production defaults and logging.
    const startApp = (name: string, env: Record<string, string> = {}) =>
      engine === 'server' && process.env.BENCH_MAIN
        ? startProductionServer(name, dbInfo, logDir, env)
        : startServer(name, 'app', dbInfo, env.LOG_LEVEL ? { BENCH_LOG_LEVEL: env.LOG_LEVEL } : {}, logDir);
    app = await startApp(`app-${engine}`);
    const started = app;
    cleanups.add(() => started.child.stop());
    result.notes.push(
      `server: ${engine === 'server' && process.env.BENCH_MAIN ? `\`node ${process.env.BENCH_MAIN_LABEL}\`` : 'createApp on the engine\'s socket'}, NODE_ENV=production, default LOG_LEVEL (request log ${process.env.BENCH_LOG_TO === 'file' ? 'to a file' : 'through a pipe the runner drains'})`,
    );
    const api = new Api(app.base);
    log(`${engine}: seeding 2,000 subjects and 20 aspects through the API`);
    const seeded = Date.now();
    const data = await seed(api, sql);
    // A benchmark right after bulk inserts would otherwise run on empty planner statistics,
    // which autovacuum fixes within a minute in real life.
    await sql.query('ANALYZE');
    result.notes.push(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s; auth: ${data.auth}; aspects created via ${data.aspects}; writers set via ${data.writers}`);
    const ctx: BenchContext = {
      engine,
      db,
      sql,
      app: app.child,
      base: app.base,
      api,
      data,
      logDir,
      appLogBytes: app.logBytes,
      startApp,
      loadSeconds: Number(process.env.BENCH_SECONDS ?? 2),
      // An odd count: the median (nearest rank, as everywhere in the bench) is then the middle
      // round; with an even count it would be the lower of the two middle ones.
      rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    };

    await app.child.request('reset-peak');
    const skip = async (): Promise<Outcome> => ({ skipped: 'not selected (BENCH_ONLY)' });
    result.bulk = selected('bulk') ? await outcome(`${engine}: 1–2 bulk upsert`, () => bulkBench(ctx)) : await skip();
    if (selected('hierarchy') || selected('live')) {
      const filled = await ensureHierarchySamples(ctx);
      if (filled) result.notes.push(filled);
    }
    result.hierarchy = selected('hierarchy') ? await outcome(`${engine}: 3 hierarchy`, () => hierarchyBench(ctx)) : await skip();
    const quiet = result.hierarchy && 'figures' in result.hierarchy ? Number(result.hierarchy.figures.medianMs) : undefined;
    result.live = selected('live') ? await outcome(`${engine}: 6 live`, () => liveBench(ctx, quiet)) : await skip();
    result.aspects = selected('aspects') ? await outcome(`${engine}: 4 GET /v1/aspects/{name}`, () => aspectsReadBench(ctx)) : await skip();
    result.realtime = selected('realtime') ? await outcome(`${engine}: 7 realtime`, () => realtimeBench(ctx)) : await skip();
    result.memory = await outcome(`${engine}: 5 memory`, async () => {
      const s = await ctx.app.request<ServerStats>('stats');
      return { peakRss: s.peakRss, maxRss: s.maxRss };
    });
    if (db.engine) {
      const e = await db.engine.request<{ maxRss: number }>('stats');
      result.notes.push(`embedded engine process: peak RSS ${(e.maxRss / 1024 / 1024).toFixed(0)} MB`);
    }
    collectDetails(result, details);
  } catch (e) {
    result.failed = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
    log(`${engine}: could not run: ${result.failed}`);
    if (process.env.BENCH_DEBUG && e instanceof Error) log(e.stack ?? '');
  } finally {
    // In reverse order: the servers, the runner's connection, then the database.
    await cleanUp();
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

function collectDetails(result: EngineResult, details: string[]): void {
  const h = result.hierarchy && 'figures' in result.hierarchy ? result.hierarchy.figures : undefined;
  const b = result.bulk && 'figures' in result.bulk ? result.bulk.figures : undefined;
  const a = result.aspects && 'figures' in result.aspects ? result.aspects.figures : undefined;
  const l = result.live && 'figures' in result.live ? result.live.figures : undefined;
  const lines: string[] = [`### ${result.version}`, ''];
  for (const n of result.notes) lines.push(`- ${n}`);
  if (b) {
    lines.push(
      `- bulk upsert: first round (creates) ${Math.round(Number(b.createRate))} samples/s through the API; then ${b.rounds} alternating rounds: ${b.perRound}; ` +
        `app CPU ${Number(b.apiCpuMicrosPerSample).toFixed(1)} µs per sample (protected aspects: ${Number(b.writersCpuMicrosPerSample).toFixed(1)}); ${b.method}`,
    );
  }
  if (h) {
    lines.push(
      `- hierarchy: ${h.afterUpdates}; then VACUUM ANALYZE and ${h.requests} sequential requests (${h.vacuumedLatencies} ms), ${h.nodes} nodes, ${Number(h.queriesPerRequest).toFixed(1)} queries per request; ` +
        `app CPU ${fmtMs(Number(h.serverCpuMs))} per request; Content-Encoding ${String(h.encoding)}`,
    );
  }
  if (l) lines.push(`- live: ${l.details}`);
  const rt = result.realtime && 'figures' in result.realtime ? result.realtime.figures : undefined;
  if (rt) lines.push(`- realtime: ${String(rt.details)}`);
  if (a) lines.push(`- GET aspect: token guard overridden: ${a.guard}; node:http + pg runs ${a.rawQuery}; non-2xx or errors: app ${a.appBad}, overridden ${a.noguardBad}, raw ${a.rawBad}; SQL queries per request: app ${Number(a.appQueriesPerRequest).toFixed(2)}, guard overridden ${Number(a.noguardQueriesPerRequest).toFixed(2)}, raw 1; log ${Math.round(Number(a.logBytesPerRequest))} bytes per request; server CPU per request: app ${Math.round(Number(a.appCpuMicros))} µs, ${a.freshCpuMicros !== undefined ? `new server ${Math.round(Number(a.freshCpuMicros))} µs, ` : ''}${a.silentCpuMicros !== undefined ? `LOG_LEVEL=silent ${Math.round(Number(a.silentCpuMicros))} µs, ` : ''}guard overridden ${Math.round(Number(a.noguardCpuMicros))} µs, node:http + pg ${Math.round(Number(a.rawCpuMicros))} µs; req/s per round: ${a.perRound}; CPU µs per request per round: ${a.cpuPerRound}${a.abCpu ? `; ${a.abCpu}` : ''}`);
  const bulkTop = (b as { topQueries?: { text: string; calls: number; totalMs: number }[] } | undefined)?.topQueries;
  if (bulkTop?.length) {
    lines.push('', 'Bulk upsert through the API: statements by total time over the measured rounds (open and write-protected aspects):', '');
    for (const q of bulkTop) lines.push(`- ${q.calls} calls, ${fmtMs(q.totalMs)} total: \`${q.text}\``);
  }
  const bulkExplain = (b as { explain?: string } | undefined)?.explain;
  if (bulkExplain) lines.push('', 'EXPLAIN ANALYZE of the API\'s costliest bulk upsert statement (one call, rolled back):', '', '```', bulkExplain, '```');
  const top = (h as { topQueries?: { text: string; calls: number; totalMs: number }[] } | undefined)?.topQueries;
  if (top?.length) {
    lines.push('', 'Hierarchy: statements by total time over the measured requests:', '');
    for (const q of top) lines.push(`- ${q.calls} calls, ${fmtMs(q.totalMs)} total: \`${q.text.slice(0, 200)}\``);
  }
  const explain = (h as { explain?: string } | undefined)?.explain;
  if (explain) lines.push('', 'EXPLAIN ANALYZE of the costliest hierarchy statement:', '', '```', explain, '```');
  details.push(lines.join('\n'));
}

async function main(): Promise<void> {
  if (!process.env.BENCH_TS_NODE) {
    const t0 = Date.now();
    process.env.BENCH_BUILD_DIR = transpileProject();
    log(`transpiled src/ and bench/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  productionServer();
  logDir = mkdtempSync(join(tmpdir(), 'refocus-bench-logs-'));
  const dir = logDir;
  if (!process.env.BENCH_KEEP_LOGS) cleanupsAtExit.push(() => rmSync(dir, { recursive: true, force: true }));
  else log(`server logs kept in ${dir}`);
  const engines = (process.env.BENCH_ENGINES ?? 'server,embedded').split(',').map((s) => s.trim()) as ('server' | 'embedded')[];
  const m = machine();
  const results: EngineResult[] = [];
  const details: string[] = [];
  for (const engine of engines) {
    if (interrupted) break;
    if (engine !== 'server' && engine !== 'embedded') throw new Error(`BENCH_ENGINES: unknown engine ${engine}`);
    results.push(await runEngine(engine, details));
  }
  if (engines.includes('server') && selected('history') && !interrupted) {
    const rounds = Number(process.env.BENCH_ROUNDS ?? 4) * 2; // issue 18: bulk upsert with status history on vs off
    details.push(historyDetails(await outcome('status history', () => historyBench(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL, rounds))));
  }
  if (engines.includes('server') && selected('page') && !interrupted) {
    // Issue 14: the perspective page in headless Chromium, on a database and app of its own.
    details.push(perspectivePageDetails(await outcome('perspective page', () => perspectivePageStandalone(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL))));
  }
  const table = resultsTable(results);
  process.stdout.write(`\n${table}\n\n`);
  const machineLine = `${m.nproc} CPUs (${m.cpu}), ${m.memory} RAM, ${m.os}, Node ${m.node}, ${results.map((r) => r.version).join(' and ')}`;
  process.stdout.write(`Machine: ${machineLine}\n\n${details.join('\n\n')}\n`);
  if (process.env.BENCH_NO_WRITE) return;
  const doc = [
    `## Latest results`,
    '',
    `Run ${m.date} at commit \`${m.commit}\` on ${machineLine}. ` +
      `Durations: ${results.map((r) => `${r.version} ${r.seconds.toFixed(0)} s`).join(', ')}.`,
    '',
    table,
    '',
    details.join('\n\n'),
  ].join('\n');
  const file = join(__dirname, '..', 'docs', 'PERFORMANCE.md');
  writePerformanceDoc(file, doc);
  log(`wrote ${file}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    for (const c of cleanupsAtExit) c();
  });
