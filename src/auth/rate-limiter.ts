/**
 * An in-memory sliding-window counter per key: at most `limit` hits per `windowMs`.
 * Per process: behind a load balancer each process counts on its own (documented in DECISIONS).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may go again, or 0 when it may go now. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.live(key, now);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000));
  }

  hit(key: string, now = Date.now()): void {
    const list = this.live(key, now);
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 100_000) this.sweep(now);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  reset(): void {
    this.hits.clear();
  }

  private live(key: string, now: number): number[] {
    const list = this.hits.get(key) ?? [];
    const from = now - this.windowMs;
    let i = 0;
    while (i < list.length && list[i] <= from) i++;
    return i ? list.slice(i) : list;
  }

  private sweep(now: number): void {
    for (const [k, list] of this.hits) {
      if (!list.length || list[list.length - 1] <= now - this.windowMs) this.hits.delete(k);
    }
  }
}
