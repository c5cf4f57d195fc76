import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '../common/periodic-job';
import { AppConfig } from '../config/app-config';

/** Lock key of the retention job (any constant shared by every server; the timeout job has 7274001). */
export const RETENTION_LOCK_KEY = 7_274_018;
const INTERVAL_MS = 3600_000;

/** Rows deleted by one sweep. */
export interface RetentionResult {
  auditEvents: number;
  statusHistory: number;
}

/**
 * Hourly: deletes audit events older than AUDIT_RETENTION_DAYS and status history older than
 * STATUS_HISTORY_DAYS, in one transaction run by the one process that wins a PostgreSQL
 * advisory lock (the others skip the round). Both tables are ordered by time on disk, and the
 * history's BRIN index finds the old block ranges without a scan of the rest.
 */
@Injectable()
export class RetentionJob extends PeriodicJob<RetentionResult> {
  protected readonly title = 'Retention sweep';

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return INTERVAL_MS;
  }

  /** One sweep now; null when another process holds the lock. */
  runOnce(): Promise<RetentionResult | null> {
    return this.db.transaction(async (tx) => {
      const lock = (await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [RETENTION_LOCK_KEY])) as { ok: boolean }[];
      if (!lock[0]?.ok) return null;
      const deleted = async (table: string, days: number): Promise<number> => {
        const r = (await tx.query(`DELETE FROM ${table} WHERE at < now() - make_interval(days => $1::int)`, [days])) as [unknown[], number];
        return r[1];
      };
      return {
        auditEvents: await deleted('audit_events', this.config.auditRetentionDays),
        statusHistory: await deleted('sample_status_history', this.config.statusHistoryDays),
      };
    });
  }

  protected report(r: RetentionResult): void {
    if (r.auditEvents || r.statusHistory) this.logger.log(`Pruned ${r.auditEvents} audit event(s), ${r.statusHistory} history row(s)`);
  }
}
