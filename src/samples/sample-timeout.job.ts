import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job';
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
export class SampleTimeoutJob extends PeriodicJob<number> {
  protected readonly title = 'Sample timeout sweep';

  constructor(
    private readonly repo: SamplesRepository,
    private readonly config: AppConfig,
    private readonly feed: FeedPublisher,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.sampleTimeoutIntervalMs;
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

  protected report(n: number): void {
    if (n) this.logger.log(`${n} sample(s) timed out`);
  }
}
