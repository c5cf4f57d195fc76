import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AssignmentService } from './assignment.service';

/**
 * Every half heartbeat interval, marks MissedHeartbeat the collectors whose last heartbeat is
 * older than interval + tolerance and moves generators (also those that stopped upserting).
 * One server at a time (advisory lock), started and stopped with the application.
 */
@Injectable()
export class MissedHeartbeatJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MissedHeartbeatJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly assignment: AssignmentService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.max(100, Math.floor(this.config.collectorHeartbeatIntervalMillis / 2));
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep now: collectors marked, or null when another server holds the lock. */
  runOnce(): Promise<number | null> {
    return this.assignment.sweep();
  }

  private tick(): void {
    if (this.running || !this.timer) return;
    this.running = this.runOnce()
      .then((n) => {
        if (n) this.logger.warn(`${n} collector(s) missed their heartbeat`);
      })
      .catch((e: unknown) => this.logger.error(`Missed-heartbeat sweep failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
