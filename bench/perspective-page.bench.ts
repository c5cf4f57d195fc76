/**
 * The perspective page in headless Chromium (issue 14): time from navigation to a drawn
 * built-in lens for 2,000 subjects × 10 aspects (about 13 MB of hierarchy JSON, fetched as a
 * browser does, gzip), and the time from an upsert's answer to the change visible in the page,
 * both while a stream of bulk upserts keeps samples changing. "Drawn" is the watched cell (the
 * last sample, near the bottom: the whole table is built) in the DOM and then one rendering frame
 * of the lens done. Chromium's CPU time per navigation (all its processes, from /proc) is reported
 * too: far less sensitive to a busy machine than the wall-clock figures.
 *
 * In `npm run bench`: `perspectivePageBench(ctx)`. On its own (a fresh database on
 * BENCH_DATABASE_URL, the app in a process of its own, as the other benchmarks run it):
 *   npx ts-node --transpile-only bench/perspective-page.bench.ts
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_PAGE_ROUNDS (default 5),
 * BENCH_PAGE_RATE (background samples/s, default 2000).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Client } from 'pg';
import type { Locator, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/browser';
import { Api, expectOk, SkipBenchmark } from './support/api';
import { startServer } from './support/context';
import { connect, createServerDatabase, DEFAULT_SERVER_URL } from './support/database';
import { BenchData, sampleNames, seed } from './support/seed';
import { median, now, percentile, sleep } from './support/stats';


const BENCH_PASSWORD = 'bench-password-0123456789';
const PERSPECTIVE = 'bench_page';

type Figures = Record<string, unknown>;
interface PageBenchContext {
  base: string;
  api: Api;
  data: BenchData;
}

/** Bulk upserts of 1,000 samples, one after another, paced to `rate` samples/s, new values each cycle. */
class Stream {
  samples = 0;
  private stopping = false;
  private running?: Promise<void>;
  private t0 = 0;
  private t1 = 0;

  constructor(
    private readonly ctx: PageBenchContext,
    private readonly names: string[],
    private readonly rate: number,
  ) {}

  start(): void {
    this.t0 = now();
    this.running = this.run();
  }

  async stop(): Promise<number> {
    this.stopping = true;
    await this.running;
    this.t1 = now();
    return this.samples / ((this.t1 - this.t0) / 1000);
  }

  private async run(): Promise<void> {
    const headers = { 'content-type': 'application/json', authorization: this.ctx.data.token ?? '' };
    for (let cycle = 1; !this.stopping; cycle++) {
      for (let i = 0; i < this.names.length && !this.stopping; i += 1000) {
        const body = JSON.stringify(this.names.slice(i, i + 1000).map((name, j) => ({ name, value: String((cycle * 7 + j) % 100) })));
        const res = await fetch(`${this.ctx.base}/v1/samples/upsert/bulk`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        this.samples += 1000;
        const due = this.t0 + (this.samples / this.rate) * 1000;
        if (due > now()) await sleep(due - now());
      }
    }
  }
}

/**
 * CPU time (ms) of every Chromium process started from this one, dead ones included: polled, as
 * renderers come and go with navigations (a process's last reading stands for it once it exits).
 */
class ChromiumCpu {
  private readonly seen = new Map<number, number>();
  private readonly timer = setInterval(() => this.poll(), 100);

  constructor() {
    this.timer.unref();
  }

  totalMs(): number {
    this.poll();
    let ticks = 0;
    for (const t of this.seen.values()) ticks += t;
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    const parent = new Map<number, number>();
    const stats: { pid: number; name: string; ticks: number }[] = [];
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return; // not Linux: no figure
    }
    for (const d of pids) {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const f = stat.slice(close + 2).split(' ');
        parent.set(Number(d), Number(f[1]));
        stats.push({ pid: Number(d), name: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // gone meanwhile
      }
    }
    for (const p of stats) {
      if (!/chrom/i.test(p.name)) continue;
      let up = parent.get(p.pid);
      for (let depth = 0; up && up > 1 && up !== process.pid && depth < 8; depth++) up = parent.get(up);
      if (up === process.pid) this.seen.set(p.pid, p.ticks);
    }
  }
}

/** Milliseconds after navigation (the page's time origin) at which each step happened; sizes of the hierarchy response. */
type Timeline = Record<string, number>;
type Marks = { origin: number; marks: [string, number][]; hierarchy?: { start: number; end: number; transfer: number; decoded: number } };

/**
 * The marks the page script and the frame's shim leave (`refocus.*`) and the hierarchy request's
 * resource timing, on the page's clock: the first of each mark (a later rebuild marks again).
 */
async function timeline(page: Page, cell: Locator): Promise<Timeline> {
  const read = (): Marks => {
    const e = performance.getEntriesByType('resource').find((x) => x.name.endsWith('/hierarchy')) as
      | { startTime: number; responseEnd: number; transferSize: number; decodedBodySize: number }
      | undefined;
    return {
      origin: performance.timeOrigin,
      marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as [string, number]),
      hierarchy: e && { start: e.startTime, end: e.responseEnd, transfer: e.transferSize, decoded: e.decodedBodySize },
    };
  };
  const host = await page.evaluate(read);
  const lens = await cell.evaluate(read);
  const out: Timeline = {};
  for (const [name, at] of host.marks) out[name.replace('refocus.', '')] ??= at;
  for (const [name, at] of lens.marks) out[`frame.${name.replace('refocus.', '')}`] ??= lens.origin + at - host.origin;
  if (host.hierarchy) {
    out['hierarchy.requested'] = host.hierarchy.start;
    out['hierarchy.answered'] = host.hierarchy.end;
    out.transferBytes = host.hierarchy.transfer;
    out.decodedBytes = host.hierarchy.decoded;
  }
  return out;
}

/**
 * BENCH_PAGE_PROF=<dir>: CPU profiles of the page and of its lens frame (a process of its own) for
 * one navigation, as page.cpuprofile and frame.cpuprofile (bench/profile-summary.ts reads them).
 * Returns the function that stops both and writes the files.
 */
async function profileFrames(page: Page): Promise<(dir: string) => Promise<void>> {
  const host = await page.context().newCDPSession(page);
  let lensFrame = page.frames().find((f) => f.url().includes('/lens-frame'));
  for (let i = 0; !lensFrame && i < 200; i++) {
    await sleep(10);
    lensFrame = page.frames().find((f) => f.url().includes('/lens-frame'));
  }
  const frameSession = lensFrame ? await page.context().newCDPSession(lensFrame).catch(() => undefined) : undefined;
  if (!frameSession) process.stderr.write('BENCH_PAGE_PROF: no separate process for the lens frame; profiling the page only\n');
  const sessions = [host, ...(frameSession ? [frameSession] : [])];
  for (const s of sessions) {
    await s.send('Profiler.enable');
    await s.send('Profiler.setSamplingInterval', { interval: 200 });
    await s.send('Profiler.start');
  }
  return async (dir) => {
    const names = ['page', 'frame'];
    for (const [i, s] of sessions.entries()) {
      const { profile } = await s.send('Profiler.stop');
      writeFileSync(`${dir}/${names[i]}.cpuprofile`, JSON.stringify(profile));
    }
  };
}

/** Median over navigations of the time between two steps of their timelines. */
function phase(phases: Timeline[], from: string, to: string): number {
  return median(phases.filter((p) => p[from] !== undefined && p[to] !== undefined).map((p) => p[to] - p[from]));
}

/** Every open sample exists (the page would otherwise draw an empty table). */
async function fillSamples(ctx: PageBenchContext, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 1000) {
    const body = names.slice(i, i + 1000).map((name) => ({ name, value: '1' }));
    expectOk(await ctx.api.post('/v1/samples/upsert/bulk', body), 'POST /v1/samples/upsert/bulk');
  }
}

export async function perspectivePageBench(ctx: PageBenchContext): Promise<Figures> {
  if (!existsSync(CHROMIUM)) throw new SkipBenchmark(`no Chromium at ${CHROMIUM}`);
  if (!ctx.data.token || !ctx.data.user) throw new SkipBenchmark('no bench user');
  const rounds = Number(process.env.BENCH_PAGE_ROUNDS ?? 5);
  const rate = Number(process.env.BENCH_PAGE_RATE ?? 2000);
  const lens = expectOk(await ctx.api.get<{ id: string }>('/v1/lenses/RefocusStatusTree'), 'GET the built-in lens').body;
  const created = await ctx.api.post('/v1/perspectives', {
    name: PERSPECTIVE, rootSubject: ctx.data.rootPath, lensId: lens.id, aspectFilter: ctx.data.openAspects, aspectFilterType: 'INCLUDE',
  });
  if (created.status !== 201 && created.status !== 409) expectOk(created, 'POST /v1/perspectives');
  const all = sampleNames(ctx.data, ctx.data.openAspects);
  const watched = all[all.length - 1];
  const counted = await ctx.api.get<{ samples?: unknown[] }>(`/v1/samples/${encodeURIComponent(watched)}`);
  if (counted.status !== 200) await fillSamples(ctx, all);

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const stream = new Stream(ctx, all.filter((n) => n !== watched), rate);
  const cpu = new ChromiumCpu();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${ctx.base}/login?ru=/perspectives`);
    await page.getByLabel('User name').fill(ctx.data.user.name);
    await page.getByLabel('Password').fill(BENCH_PASSWORD);
    await Promise.all([page.waitForURL(/\/perspectives/), page.getByRole('button', { name: 'Sign in' }).click()]);
    stream.start();
    await sleep(500);
    const drawn: number[] = [];
    const cpuMs: number[] = [];
    const phases: Timeline[] = [];
    const visible: number[] = [];
    const frame = page.frameLocator('#lens-frame');
    const cell = frame.locator(`[data-sample="${watched.toLowerCase()}"]`);
    for (let r = 0; r < rounds; r++) {
      const cpu0 = cpu.totalMs();
      // BENCH_PAGE_TRACE=<file>: a Chromium trace (all processes) of the second navigation, for chrome://tracing or Perfetto.
      const tracing = r === 1 && process.env.BENCH_PAGE_TRACE;
      if (tracing) await browser.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel', 'ipc', 'mojom'] });
      const t0 = now();
      await page.goto(`${ctx.base}/perspectives/${PERSPECTIVE}`, { waitUntil: 'commit' });
      const profiles = process.env.BENCH_PAGE_PROF && r === 1 ? await profileFrames(page) : undefined;
      await cell.waitFor({ state: 'attached', timeout: 120000 }).catch(async (e: unknown) => {
        const why = await page.locator('#page-error').textContent().catch(() => '');
        if (process.env.BENCH_DEBUG) await page.screenshot({ path: '/tmp/bench-page.png' });
        throw new SkipBenchmark(`the lens did not draw: ${why || String(e).split('\n')[0]}`);
      });
      // One rendering frame of the lens after the cell exists: what is built is on screen.
      await cell.evaluate(
        () => new Promise((done) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => setTimeout(done, 0))),
        undefined,
        { timeout: 120000 },
      );
      drawn.push(now() - t0);
      cpuMs.push(cpu.totalMs() - cpu0);
      if (tracing) writeFileSync(tracing, await browser.stopTracing());
      if (profiles) await profiles(process.env.BENCH_PAGE_PROF ?? '');
      phases.push(await timeline(page, cell));
      await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 10000 });
      for (let k = 0; k < 3; k++) {
        await sleep(300);
        const value = `${r}${k}.5`;
        const res = await ctx.api.post('/v1/samples/upsert', { name: watched, value });
        if (res.status !== 200) throw new SkipBenchmark(`POST /v1/samples/upsert answered ${res.status}`);
        const t1 = now();
        await frame.locator(`[data-sample="${watched.toLowerCase()}"][title*=" = ${value} ("]`).waitFor({ state: 'attached', timeout: 10000 });
        visible.push(now() - t1);
      }
    }
    const streamRate = await stream.stop();
    const steps = ['feed.connected', 'hierarchy.requested', 'hierarchy.answered', 'hierarchy.received', 'hierarchy.posted',
      'frame.hierarchy.arrived', 'frame.hierarchy.parsed', 'frame.hierarchy.handled'];
    return {
      drawnMedianMs: median(drawn),
      drawnP95Ms: percentile(drawn, 95),
      drawnMaxMs: Math.max(...drawn),
      chromiumCpuMedianMs: median(cpuMs),
      connectedMedianMs: median(phases.map((p) => p['feed.connected'] ?? NaN).filter((x) => !Number.isNaN(x))),
      hierarchyMedianMs: phase(phases, 'hierarchy.requested', 'hierarchy.answered'),
      toFrameMedianMs: phase(phases, 'hierarchy.posted', 'frame.hierarchy.arrived'),
      parseMedianMs: phase(phases, 'frame.hierarchy.arrived', 'frame.hierarchy.parsed'),
      lensBuildMedianMs: phase(phases, 'frame.hierarchy.parsed', 'frame.hierarchy.handled'),
      hierarchyTransferBytes: median(phases.map((p) => p.transferBytes ?? 0)),
      hierarchyDecodedBytes: median(phases.map((p) => p.decodedBytes ?? 0)),
      changeVisibleMedianMs: median(visible),
      changeVisibleP95Ms: percentile(visible, 95),
      changeVisibleMaxMs: Math.max(...visible),
      streamRate,
      rounds,
      details:
        `drawn (ms): ${drawn.map((d) => d.toFixed(0)).join(', ')}; Chromium CPU per navigation (ms): ${cpuMs.join(', ')}; ` +
        `change visible (ms): ${visible.map((d) => d.toFixed(0)).join(', ')}; ms after navigation, per navigation, at ${steps.join(' → ')}: ` +
        phases.map((p) => steps.map((k) => (p[k] === undefined ? '–' : p[k].toFixed(0))).join(' → ')).join('; '),
    };
  } finally {
    cpu.stop();
    await stream.stop().catch(() => undefined);
    await browser.close();
  }
}

/**
 * A fresh database on the real server, the app in a process of its own (createApp with the
 * production defaults, silent log), the data set of issue 7 with every open sample, then the run.
 * `npm run bench` calls it after the engines (server engine only); `main` below runs it on its own.
 */
export async function perspectivePageStandalone(serverUrl: string): Promise<Figures> {
  const db = await createServerDatabase(serverUrl);
  let sql: Client | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer('page', 'app', db, { BENCH_LOG_LEVEL: 'silent' });
    const base = server.base;
    sql = await connect(db.url);
    const api = new Api(base);
    const data = await seed(api, sql);
    await fillSamples({ base, api, data }, sampleNames(data, data.openAspects));
    await sql.query('ANALYZE');
    return { database: db.version, ...(await perspectivePageBench({ base, api, data })) };
  } finally {
    await sql?.end();
    await server?.child.stop();
    await db.drop();
  }
}

/** The lines `npm run bench` adds to docs/PERFORMANCE.md. */
export function perspectivePageDetails(outcome: { figures?: Figures; skipped?: string }): string {
  const f = outcome.figures;
  if (!f) return `### Perspective page (issue 14)\n\n- skipped: ${outcome.skipped ?? 'not run'}`;
  const ms = (k: string) => `${Number(f[k]).toFixed(0)} ms`;
  return [
    '### Perspective page (issue 14)',
    '',
    `- ${String(f.database)}, headless Chromium, built-in lens, 2,000 subjects × 10 aspects, ${f.rounds} navigations while ~${Number(f.streamRate).toFixed(0)} samples/s change`,
    `- navigation → lens drawn (watched cell built, then one frame rendered): median ${ms('drawnMedianMs')}, p95 ${ms('drawnP95Ms')}, max ${ms('drawnMaxMs')} (target ≤ 2 s)`,
    `- Chromium CPU per navigation (all its processes, navigation → drawn): median ${ms('chromiumCpuMedianMs')}`,
    `- feed connected ${ms('connectedMedianMs')} after navigation (the hierarchy is requested then); hierarchy request in the page: median ${ms('hierarchyMedianMs')}, ${(Number(f.hierarchyTransferBytes) / 1e3).toFixed(0)} kB on the wire for ${(Number(f.hierarchyDecodedBytes) / 1e6).toFixed(1)} MB of JSON`,
    `- in the lens frame (medians): handed over ${ms('toFrameMedianMs')}, parsed ${ms('parseMedianMs')}, built by the lens ${ms('lensBuildMedianMs')}`,
    `- upsert answered → change visible in the page: median ${ms('changeVisibleMedianMs')}, p95 ${ms('changeVisibleP95Ms')}, max ${ms('changeVisibleMaxMs')} (target ≤ 1 s)`,
    `- ${String(f.details)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const figures = await perspectivePageStandalone(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n${perspectivePageDetails({ figures })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
