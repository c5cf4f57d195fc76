/**
 * What the runner asks of every server under test, over IPC: its RSS (sampled every 50 ms), its
 * CPU time, the time it spent in SQL (the pg driver patched before the app loads it), and CPU
 * profiles of measured windows (BENCH_CPU_PROF=<dir>). Imported first by server-process.ts and
 * preloaded (`node -r`) into the production server by server-preload.ts.
 */
import { installSqlTiming, resetSqlTimes, sqlTimes } from './sql-timing';
installSqlTiming();

import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { serveRequests } from './child';

export interface ServerStats {
  rss: number;
  /** Highest RSS sampled (every 50 ms) since the last reset. */
  peakRss: number;
  /** The kernel's high-water mark for the whole life of the process. */
  maxRss: number;
  /** CPU time (user + system) used by the process so far. */
  cpuMicros: number;
}

let peakRss = 0;
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
};
setInterval(sampleRss, 50).unref();

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
