import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { requestEngine } from './engine-broker';

/** A fresh, empty database for one test file, and how to throw it away. */
export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

/**
 * On TEST_DATABASE_URL's server: a new database per call (dropped afterwards).
 * Without it: a new in-memory embedded engine per call.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const pg = await requestEngine();
    return { url: pg.url, embedded: true, drop: () => pg.stop() };
  }
  const name = `rf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
