/**
 * What the runner asks of every server under test, over IPC: its RSS and peak RSS, its
 * CPU time, the time it spent in SQL (the pg driver patched before the app loads it), and CPU
 * profiles of measured windows (BENCH_CPU_PROF=<dir>). Imported first by server-process.ts and
 * preloaded (`node -r`) into the production server by server-preload.ts.
 */
import { installSqlTiming, resetSqlTimes, sqlTimes } from './sql-timing';
installSqlTiming();

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { serveRequests } from './child';

export interface ServerStats {
  rss: number;
  /** Highest RSS since the last reset (the kernel's, else sampled every 50 ms). */
  peakRss: number;
  /** The kernel's high-water mark for the whole life of the process. */
  maxRss: number;
  /** CPU time (user + system) used by the process so far. */
  cpuMicros: number;
}

/**
 * The peak RSS since the last reset. Linux keeps it exactly (VmHWM in /proc/self/status, reset by
 * writing 5 to /proc/self/clear_refs), at no cost to the server; elsewhere RSS is sampled every
 * 50 ms (reading it cost the server ≈ 1.4 % of its CPU under load here).
 */
const kernelPeak = (() => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return vmHwm() !== undefined;
  } catch {
    return false;
  }
})();
function vmHwm(): number | undefined {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : undefined;
}
let peakRss = 0;
const sampleRss = () => {
  const rss = kernelPeak ? (vmHwm() ?? 0) : process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
};
if (!kernelPeak) setInterval(sampleRss, 50).unref();

/** CPU profiling of a measured window only (BENCH_CPU_PROF=<dir>): start, then stop and write. */
const inspector = new Session();
let profiling = false;
async function profileStart(): Promise<void> {
  if (profiling) return;
  inspector.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
  profiling = true;
}
async function profileStop(name: string): Promise<string | undefined> {
  if (!profiling) return undefined;
  const { profile } = (await post('Profiler.stop')) as { profile: object };
  inspector.disconnect();
  profiling = false;
  const dir = process.env.BENCH_CPU_PROF ?? '.';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
function post(method: string): Promise<unknown> {
  return new Promise((resolve, reject) => inspector.post(method, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Answers the runner's requests; `stop` shuts the server down with `close`, then exits. */
export function serveBenchRequests(close: () => Promise<void>): void {
  serveRequests({
    stats: (): ServerStats => {
      sampleRss();
      const cpu = process.cpuUsage();
      return { rss: process.memoryUsage.rss(), peakRss, maxRss: process.resourceUsage().maxRSS * 1024, cpuMicros: cpu.user + cpu.system };
    },
    'profile-start': () => (process.env.BENCH_CPU_PROF ? profileStart() : undefined),
    'profile-stop': (args) => profileStop((args as { name: string }).name),
    'reset-peak': () => {
      if (kernelPeak) writeFileSync('/proc/self/clear_refs', '5');
      peakRss = process.memoryUsage.rss();
      return peakRss;
    },
    'sql-reset': () => resetSqlTimes(),
    'sql-times': (args) => sqlTimes((args as { top?: number } | undefined)?.top),
    stop: async () => {
      await close().catch(() => undefined);
      process.exit(0);
    },
  });
}
