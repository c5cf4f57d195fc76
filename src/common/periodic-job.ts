import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * A sweep run every `intervalMs()` from application start until shutdown, never two at once in
 * one process; shutdown waits for the sweep in progress. Each sweep takes the PostgreSQL
 * advisory lock that makes it one process at a time (`runOnce` answers null when another holds
 * it). Subclasses say what one sweep does and what to log of its result.
 */
export abstract class PeriodicJob<R> implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** What the job is called in its error log line, e.g. "Sample timeout sweep". */
  protected abstract readonly title: string;
  protected abstract intervalMs(): number;
  /** One sweep now; null when another process holds the lock. */
  abstract runOnce(): Promise<R | null>;
  /** Logs what a sweep did (not called when another process held the lock). */
  protected abstract report(result: R): void;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs());
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running || !this.timer) return; // the previous sweep is still going
    this.running = this.runOnce()
      .then((r) => {
        if (r !== null) this.report(r);
      })
      .catch((e: unknown) => this.logger.error(`${this.title} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
