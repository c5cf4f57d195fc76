import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchChild } from './child';

/** A fresh database for one run, and how to throw it away. */
export interface BenchDatabase {
  url: string;
  embedded: boolean;
  /** "PostgreSQL 15.20" or "PGlite 0.5.14 (PostgreSQL 17.x)". */
  version: string;
  engine?: BenchChild;
  drop(): Promise<void>;
}

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (c) => {
    const r = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return r.rows[0].v.split(' ')[0];
  });
}

/** A new database on the real server (dropped, with FORCE, by drop()). */
export async function createServerDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `refocus_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  const version = await serverVersion(url.toString()).catch(async (e: unknown) => {
    await drop();
    throw e;
  });
  return { url: url.toString(), embedded: false, version: `PostgreSQL ${version}`, drop };
}

/** The embedded engine on a fresh temporary directory, in its own process. */
export async function createEmbeddedDatabase(): Promise<BenchDatabase> {
  const { child, info } = await BenchChild.start<{ url: string }>('engine', 'support/engine-process.ts', {});
  const pglite = packageVersion('@electric-sql/pglite');
  const pgVersion = await serverVersion(info.url).catch(() => '?');
  return {
    url: info.url,
    embedded: true,
    version: `embedded (PGlite ${pglite}, PG ${pgVersion})`,
    engine: child,
    drop: () => child.stop(),
  };
}

export async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  // A database going away during clean-up must not crash the runner.
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** A dependency's installed version (read from its package.json; some packages do not export it). */
export function packageVersion(name: string): string {
  try {
    const file = join(__dirname, '..', '..', 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
