import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { requestEngine } from '../support/engine-broker';

/**
 * The entities are the schema's description: on a freshly migrated database, TypeORM's schema
 * diff (what `npm run migration:generate` would write) must be empty. A drift here means a
 * newcomer's next generated migration would drop real foreign keys or indexes.
 */
describe('schema: entities describe exactly what the migrations create', () => {
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) {
      const pg = await requestEngine();
      url = pg.url;
      drop = () => pg.stop();
      return;
    }
    // A database of its own, not a clone: TypeORM keys generated columns' metadata by database name.
    const name = `rf_schema_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  });
  afterAll(async () => {
    await drop();
  });

  it('the schema diff of a freshly migrated database is empty', async () => {
    const ds = new DataSource(dataSourceOptions(url, !process.env.TEST_DATABASE_URL));
    await ds.initialize();
    try {
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
