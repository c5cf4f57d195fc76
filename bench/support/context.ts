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
  /** Seconds of load per autocannon round. */
  loadSeconds: number;
  rounds: number;
}

export interface StartedServer {
  child: BenchChild;
  base: string;
  overridden?: string[];
}

/** Starts a server under test ('app', 'noguard' or 'raw') on the context's database. */
export async function startServer(
  name: string,
  mode: ServerMode,
  db: Pick<BenchDatabase, 'url' | 'embedded'>,
  extraEnv: Record<string, string> = {},
): Promise<StartedServer> {
  const { child, info } = await BenchChild.start<{ port: number; overridden?: string[] }>(name, 'support/server-process.ts', {
    BENCH_SERVER_MODE: mode,
    BENCH_DB_URL: db.url,
    BENCH_DB_EMBEDDED: db.embedded ? '1' : '0',
    ...extraEnv,
  });
  return { child, base: `http://127.0.0.1:${info.port}`, overridden: info.overridden };
}

/** One benchmark's figures: numbers for the table, anything else for the details. */
export type Figures = Record<string, unknown>;
