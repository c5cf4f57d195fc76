import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job';
import { AppConfig } from '../config/app-config';
import { RetentionRepository, type RetentionResult } from './retention.repository';

const INTERVAL_MS = 3600_000;

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
    private readonly retention: RetentionRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return INTERVAL_MS;
  }

  /** One sweep now; null when another process holds the lock. */
  runOnce(): Promise<RetentionResult | null> {
    return this.retention.sweep(this.config.auditRetentionDays, this.config.statusHistoryDays);
  }

  protected report(r: RetentionResult): void {
    if (r.auditEvents || r.statusHistory) this.logger.log(`Pruned ${r.auditEvents} audit event(s), ${r.statusHistory} history row(s)`);
  }
}
