import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { PostgresNamingStrategy } from './naming-strategy';
import { DEFAULT_LIMITS, guardedClientClass, type DatabaseLimits, type GuardEvents } from './query-timeouts';

/**
 * One set of TypeORM options for the real server and the embedded engine alike: same driver,
 * same migrations (run at start-up), never synchronize. The embedded engine takes one
 * connection at a time, so its pool has one connection. Every connection is time-limited
 * (opening, waiting for one, each statement) and kept alive by TCP keepalive, so that a
 * database that is gone or silent costs a request seconds, not minutes (docs/DECISIONS.md).
 */
export function dataSourceOptions(
  url: string,
  embedded: boolean,
  limits: DatabaseLimits = DEFAULT_LIMITS,
  events: GuardEvents = { onStatementTimeout: () => undefined },
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new PostgresNamingStrategy(),
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: embedded ? 1 : limits.poolMax,
      application_name: 'refocus-next',
      Client: guardedClientClass(events, limits.bulkQueryTimeoutMs),
      // the embedded engine is in this process (no network to lose) and has one connection, for
      // which requests queue behind a bulk upsert: waiting for it is bounded by the long limit
      connectionTimeoutMillis: embedded ? Math.max(limits.connectTimeoutMs, limits.bulkQueryTimeoutMs) : limits.connectTimeoutMs,
      // the default limit of a statement: the API's; bulk work (the bulk upsert, the periodic
      // jobs) and the migrations at start-up get the long one (guardedClientClass)
      query_timeout: limits.queryTimeoutMs,
      // the server's own limit, a little longer: a statement nobody waits for any more stops there too
      ...(embedded ? {} : { statement_timeout: limits.bulkQueryTimeoutMs + 1000 }),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  };
}
