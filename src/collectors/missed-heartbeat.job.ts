import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job';
import { AppConfig } from '../config/app-config';
import { AssignmentService } from './assignment.service';

/**
 * Every half heartbeat interval, marks MissedHeartbeat the collectors whose last heartbeat is
 * older than interval + tolerance and moves generators (also those that stopped upserting).
 * One server at a time (advisory lock), started and stopped with the application.
 */
@Injectable()
export class MissedHeartbeatJob extends PeriodicJob<number> {
  protected readonly title = 'Missed-heartbeat sweep';

  constructor(
    private readonly assignment: AssignmentService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return Math.max(100, Math.floor(this.config.collectorHeartbeatIntervalMillis / 2));
  }

  /** One sweep now: collectors marked, or null when another server holds the lock. */
  runOnce(): Promise<number | null> {
    return this.assignment.sweep();
  }

  protected report(n: number): void {
    if (n) this.logger.warn(`${n} collector(s) missed their heartbeat`);
  }
}
