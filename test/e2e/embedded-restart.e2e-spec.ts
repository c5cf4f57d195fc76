import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { requestEngine } from '../support/engine-broker';

/** The embedded engine keeps its data in DATA_DIR across restarts. */
describe('embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rf-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot() {
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DATA_DIR: dataDir, ADMIN_PASSWORD: 'admin-password-1' });
    const pg = await requestEngine(config.dataDir);
    const app = await createApp(config, { url: pg.url, embedded: true });
    return { app, pg, ds: app.get(DataSource) };
  }

  it('keeps data across a restart on the same DATA_DIR', async () => {
    const first = await boot();
    await first.ds.query("INSERT INTO profiles (name) VALUES ('SurvivesRestart')");
    await first.app.close();
    await first.pg.stop();

    const second = await boot();
    const rows: { name: string }[] = await second.ds.query("SELECT name FROM profiles WHERE name = 'SurvivesRestart'");
    expect(rows).toHaveLength(1);
    await second.app.close();
    await second.pg.stop();
  });
});
