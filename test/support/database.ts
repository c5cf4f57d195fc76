import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { requestEngine } from './engine-broker';

/** A fresh database for one test file, already migrated (not seeded), and how to throw it away. */
export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

const MIGRATIONS_DIR = join(__dirname, '..', '..', 'src', 'database', 'migrations');

/** A digest of the migrations as they are now: a snapshot or template made from other migrations is never used. */
function migrationsKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).filter((n) => /\.[tj]s$/.test(n)).sort()) {
    h.update(f).update('\0').update(readFileSync(join(MIGRATIONS_DIR, f))).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** Runs the migrations on a database, as the app would at start-up. */
async function migrate(url: string, embedded: boolean): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url, embedded));
  await ds.initialize();
  await ds.destroy();
}

/**
 * On TEST_DATABASE_URL's server: a new database per call (dropped afterwards), cloned from a
 * template database migrated once per set of migrations. Without it: a new in-memory embedded
 * engine per call, started from a migrated snapshot once one exists. Either way the app's own
 * migration run at start-up finds nothing left to do, and seeds the database as on a first start.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const key = migrationsKey();
  if (!serverUrl) {
    const pg = await requestEngine(undefined, key);
    if (!pg.migrated) {
      await migrate(pg.url, true);
      await pg.snapshot(key);
    }
    return { url: pg.url, embedded: true, drop: () => pg.stop() };
  }
  const template = `rf_tpl_${key}`;
  const name = `rf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // One creator per template, whichever test process comes first; the others wait, then clone.
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
    if (!exists.rowCount) {
      await admin.query(`CREATE DATABASE ${template}`);
      try {
        await migrate(withDatabase(serverUrl, template), false);
      } catch (e) {
        await admin.query(`DROP DATABASE IF EXISTS ${template}`);
        throw e;
      }
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    embedded: false,
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
