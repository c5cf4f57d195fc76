import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CredentialsCache } from '../auth/credentials-cache';
import { DATABASE_TARGET, type DatabaseTarget } from '../database/database-target';
import { DrainState } from './drain-state';
import { HealthRepository } from './health.repository';

const TIMEOUT_MS = 2000;

/** Readiness with its detail, for orchestrators and people. */
export interface HealthReport {
  status: 'ok' | 'unavailable' | 'draining';
  /** Whether the database answered a trivial query within two seconds. */
  database: 'ok' | 'unavailable';
  /** Whether token changes made by other processes are heard (real PostgreSQL only). */
  changeListener: 'listening' | 'not listening' | 'not used';
  /** True while the process shuts down. */
  draining: boolean;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly probe: HealthRepository,
    private readonly drain: DrainState,
    private readonly moduleRef: ModuleRef,
    @Inject(DATABASE_TARGET) private readonly database: DatabaseTarget,
  ) {}

  /** Ready when the database answers and the process is not shutting down. */
  async report(): Promise<HealthReport> {
    const draining = this.drain.draining;
    const database = (await this.databaseAnswers()) ? 'ok' : 'unavailable';
    const status = draining ? 'draining' : database === 'ok' ? 'ok' : 'unavailable';
    return { status, database, changeListener: this.listenerState(), draining };
  }

  /** True when the database answers a trivial query within two seconds. */
  async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), TIMEOUT_MS);
    });
    const ping = this.probe.ping();
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private listenerState(): HealthReport['changeListener'] {
    if (this.database.embedded) return 'not used';
    const cache = this.moduleRef.get(CredentialsCache, { strict: false });
    return cache.active ? 'listening' : 'not listening';
  }
}
