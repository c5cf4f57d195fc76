import { closeSync, openSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from 'pg';
import { Api } from './api';
import { BenchChild } from './child';
import type { BenchDatabase } from './database';
import type { BenchData } from './seed';
import type { ServerMode } from './server-process';

/** Everything a benchmark needs about one engine's run. */
export interface BenchContext {
  /** 'PostgreSQL' (the real server) or 'embedded'. */
  engine: string;
  db: BenchDatabase;
  /** A direct connection for raw SQL, EXPLAIN and checks. */
  sql: Client;
  /** The real app, in its own process. */
  app: BenchChild;
  base: string;
  api: Api;
  data: BenchData;
  /** Where the production servers' logs go (one file per server). */
  logDir: string;
  /** The app's log file, when it runs as the production server. */
  appLog?: string;
  /** Starts another server like the app (production server, or createApp on the embedded engine). */
  startApp(name: string, env?: Record<string, string>): Promise<StartedServer>;
  /** Seconds of load per autocannon round. */
  loadSeconds: number;
  rounds: number;
}

export interface StartedServer {
  child: BenchChild;
  base: string;
  overridden?: string[];
  /** The file its standard output (the request log) goes to, when it has one. */
  logFile?: string;
}

/** Bytes written to a server's log so far (0 without one). */
export function logBytes(server: Pick<StartedServer, 'logFile'>): number {
  try {
    return server.logFile ? statSync(server.logFile).size : 0;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The server as `npm start` runs it: `node dist/src/main.js` (BENCH_MAIN; the runner builds
 * dist first), NODE_ENV=production and nothing else but what production needs (SECRET_KEY,
 * ADMIN_PASSWORD, DATABASE_URL, PORT), so the default LOG_LEVEL and every other default apply;
 * `env` adds to it (LOG_LEVEL=silent, say). The bench's instrumentation is preloaded
 * (server-preload.ts). Its standard output, the request log, goes to a file in `logDir`, as a
 * process manager would keep it.
 */
export async function startProductionServer(
  name: string,
  db: Pick<BenchDatabase, 'url'>,
  logDir: string,
  env: Record<string, string> = {},
): Promise<StartedServer> {
  const script = process.env.BENCH_MAIN;
  if (!script) throw new Error('BENCH_MAIN is not set (the runner sets it after building dist)');
  const port = await freePort();
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  try {
    const { child } = await BenchChild.start<{ port: number }>(
      name,
      'support/server-preload.ts',
      {
        NODE_ENV: 'production',
        SECRET_KEY: process.env.BENCH_SECRET_KEY ?? 'bench-secret-key-bench-secret-key-bench-secret',
        ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password',
        DATABASE_URL: db.url,
        PORT: String(port),
        LOG_LEVEL: '',
        ...env,
      },
      { script, stdout: fd },
    );
    return { child, base: `http://127.0.0.1:${port}`, logFile };
  } finally {
    closeSync(fd); // the child has its own copy
  }
}

/**
 * Starts a server under test ('app', 'noguard' or 'raw', see server-process.ts) on the
 * context's database; with `logDir`, its standard output (the request log) goes to a file there.
 */
export async function startServer(
  name: string,
  mode: ServerMode,
  db: Pick<BenchDatabase, 'url' | 'embedded'>,
  extraEnv: Record<string, string> = {},
  logDir?: string,
): Promise<StartedServer> {
  const logFile = logDir ? join(logDir, `${name}.log`) : undefined;
  const fd = logFile ? openSync(logFile, 'w') : undefined;
  try {
    const { child, info } = await BenchChild.start<{ port: number; overridden?: string[] }>(
      name,
      'support/server-process.ts',
      { BENCH_SERVER_MODE: mode, BENCH_DB_URL: db.url, BENCH_DB_EMBEDDED: db.embedded ? '1' : '0', ...extraEnv },
      { stdout: fd },
    );
    return { child, base: `http://127.0.0.1:${info.port}`, overridden: info.overridden, logFile };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One benchmark's figures: numbers for the table, anything else for the details. */
export type Figures = Record<string, unknown>;
