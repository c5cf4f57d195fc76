import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FeedPublisher } from '../realtime/feed/feed-publisher';
import { SamplesRepository } from './samples.repository';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Every SAMPLE_TIMEOUT_INTERVAL_MS, flips to Timeout the samples not updated within their
 * aspect's timeout (one UPDATE). A PostgreSQL advisory lock makes one server do it at a time
 * when several share a database. Started with the application, stopped with it.
 */
@Injectable()
export class SampleTimeoutJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SampleTimeoutJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly repo: SamplesRepository,
    private readonly config: AppConfig,
    private readonly feed: FeedPublisher,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.sampleTimeoutIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One sweep now: the number of samples timed out, or null when another server holds the lock.
   * Only the process that ran it publishes the realtime events: every subscriber gets them once.
   */
  async runOnce(): Promise<number | null> {
    const rows = await this.repo.timeOutStaleSamples();
    if (rows === null) return null;
    this.metrics.sampleTimeouts.inc(rows.length);
    void this.feed.upserted(rows);
    return rows.length;
  }

  private tick(): void {
    if (this.running || !this.timer) return; // the previous sweep is still going
    this.running = this.runOnce()
      .then((n) => {
        if (n) this.logger.log(`${n} sample(s) timed out`);
      })
      .catch((e: unknown) => this.logger.error(`Sample timeout sweep failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
