import { closeSync, createWriteStream, openSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from 'pg';
import { Api } from './api';
import { serverNodeFlags } from '../../scripts/node-flags';
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
  /** Where the servers' log files go (BENCH_LOG_TO=file or BENCH_KEEP_LOGS). */
  logDir: string;
  /** Bytes the app's request log has written so far. */
  appLogBytes?: () => number;
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
  /** Bytes its standard output (the request log) has written so far. */
  logBytes?: () => number;
}

/** Bytes written to a server's log so far (0 without one). */
export function logBytes(server: Pick<StartedServer, 'logBytes'> | undefined): number {
  return server?.logBytes?.() ?? 0;
}

/**
 * Where a server's request log goes: BENCH_LOG_TO=pipe (default) is a pipe that the runner
 * drains, as a process manager or a container runtime reads a service's stdout (a reader on the
 * same busy machine); BENCH_LOG_TO=file is a file. BENCH_KEEP_LOGS=1 keeps a copy in `logDir`.
 */
function logTarget(logDir: string, name: string): { stdout: number | 'pipe'; attach(child: BenchChild): () => number } {
  const file = join(logDir, `${name}.log`);
  if (process.env.BENCH_LOG_TO === 'file') {
    const fd = openSync(file, 'w');
    return {
      stdout: fd,
      attach: () => {
        closeSync(fd); // the child has its own copy
        return () => {
          try {
            return statSync(file).size;
          } catch {
            return 0;
          }
        };
      },
    };
  }
  return {
    stdout: 'pipe',
    attach: (child) => {
      let bytes = 0;
      const copy = process.env.BENCH_KEEP_LOGS ? createWriteStream(file) : undefined;
      child.stdout?.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        copy?.write(chunk);
      });
      return () => bytes;
    },
  };
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

/** The node flags `npm start` runs the server with (package.json; scripts/node-flags.js). */
export const SERVER_NODE_FLAGS = serverNodeFlags();

/**
 * The server as `npm start` runs it: `node <npm start's flags> dist/src/main.js` (BENCH_MAIN; the
 * runner builds dist first; `nodeFlags` instead of npm start's, for an A/B run), NODE_ENV=production
 * and nothing else but what production needs (SECRET_KEY, ADMIN_PASSWORD, DATABASE_URL, PORT),
 * so the default LOG_LEVEL and every other default apply; `env` adds to it (LOG_LEVEL=silent, say). The bench's instrumentation is preloaded
 * (server-preload.ts). Its standard output, the request log, goes to a file in `logDir`, as a
 * process manager would keep it.
 */
export async function startProductionServer(
  name: string,
  db: Pick<BenchDatabase, 'url'>,
  logDir: string,
  env: Record<string, string> = {},
  script = process.env.BENCH_MAIN,
  nodeFlags = SERVER_NODE_FLAGS,
): Promise<StartedServer> {
  if (!script) throw new Error('BENCH_MAIN is not set (the runner sets it after building dist)');
  const port = await freePort();
  const log = logTarget(logDir, name);
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
    { script, stdout: log.stdout, nodeFlags },
  );
  return { child, base: `http://127.0.0.1:${port}`, logBytes: log.attach(child) };
}

/**
 * Starts a server under test ('app', 'noguard' or 'raw', see server-process.ts) on the
 * context's database, with npm start's node flags (the bare node:http + pg server too: the
 * comparison is between servers, not flags); with `logDir`, its standard output (the request
 * log) goes to a file there.
 */
export async function startServer(
  name: string,
  mode: ServerMode,
  db: Pick<BenchDatabase, 'url' | 'embedded'>,
  extraEnv: Record<string, string> = {},
  logDir?: string,
): Promise<StartedServer> {
  const log = logDir ? logTarget(logDir, name) : undefined;
  const { child, info } = await BenchChild.start<{ port: number; overridden?: string[] }>(
    name,
    'support/server-process.ts',
    { BENCH_SERVER_MODE: mode, BENCH_DB_URL: db.url, BENCH_DB_EMBEDDED: db.embedded ? '1' : '0', ...extraEnv },
    { stdout: log?.stdout, nodeFlags: SERVER_NODE_FLAGS },
  );
  return { child, base: `http://127.0.0.1:${info.port}`, overridden: info.overridden, logBytes: log?.attach(child) };
}

/** One benchmark's figures: numbers for the table, anything else for the details. */
export type Figures = Record<string, unknown>;
