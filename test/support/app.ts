import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './database';

export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/** The whole application on its own fresh database, as a test file sees it. */
export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  /** A supertest agent bound to the app. */
  http(): TestAgent;
  close(): Promise<void>;
}

/** Starts the real app (real migrations, real PostgreSQL or the embedded engine) for one test file. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    SECRET_KEY: 'test-secret-key-test-secret-key-test-secret-key',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...env,
  });
  const app = await createApp(config, { url: db.url, embedded: db.embedded });
  return {
    app,
    config,
    db,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
