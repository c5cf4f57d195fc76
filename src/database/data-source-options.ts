import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * One set of TypeORM options for the real server and the embedded engine alike: same driver,
 * same migrations (run at start-up), never synchronize. The embedded engine takes one
 * connection at a time, so its pool has one connection.
 */
export function dataSourceOptions(url: string, embedded: boolean): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: { max: embedded ? 1 : 10, application_name: 'refocus-next' },
  };
}
