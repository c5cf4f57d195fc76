import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { dataSourceOptions } from './data-source-options';
import { DATABASE_TARGET, type DatabaseTarget } from './database-target';
import { PreparedSql } from './prepared-sql';
import { timePoolCheckouts, type DatabaseLimits, type GuardedClientClass } from './query-timeouts';

/** The configured database time limits and pool size. */
export function limitsOf(config: AppConfig): DatabaseLimits {
  return {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    bulkQueryTimeoutMs: config.dbBulkQueryTimeoutMs,
    poolMax: config.dbPoolMax,
  };
}

/** Shows the pool in the metrics: connections by state at each scrape, and each checkout's wait. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const pool = (this.ds.driver as PostgresDriver).master as Pool | undefined;
    if (!pool) return;
    this.metrics.watchPool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    const wait = this.metrics.dbAcquireWait;
    timePoolCheckouts(pool, (s) => wait.observe(s));
  }
}

/**
 * Once the data source is up (its migrations run), statements get the short API limit unless
 * marked as bulk work (query-timeouts.ts).
 */
@Injectable()
export class StatementLimits implements OnModuleInit {
  constructor(private readonly ds: DataSource) {}

  onModuleInit(): void {
    const client = (this.ds.options.extra as { Client?: Partial<GuardedClientClass> } | undefined)?.Client;
    client?.serving?.();
  }
}

/** The TypeORM connection, the DatabaseTarget it was made from, and PreparedSql (injectable everywhere). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, MetricsService],
          useFactory: (config: AppConfig, metrics: MetricsService) => ({
            ...dataSourceOptions(database.url, database.embedded, limitsOf(config), {
              onStatementTimeout: () => metrics.dbTimeouts.inc({ kind: 'statement' }),
            }),
            entities: [],
            autoLoadEntities: true,
          }),
        }),
      ],
      providers: [{ provide: DATABASE_TARGET, useValue: database }, PreparedSql, PoolMetrics, StatementLimits],
      exports: [DATABASE_TARGET, PreparedSql],
    };
  }
}
