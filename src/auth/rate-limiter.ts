import { Global, Injectable, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottleHitEntity } from './throttle-hit.entity';
import { ThrottleRepository } from './throttle.repository';

/**
 * An in-memory sliding-window counter per key: at most `limit` hits per `windowMs`.
 * Per process only: the service's own throttling uses SharedRateLimiter (below), counted in the database.
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

/** One throttling rule, counted in the database: at most `limit` hits per key per `windowMs`. */
export interface Throttle {
  /** Seconds until the key may go again, or 0 when it may go now. */
  retryAfter(key: string): Promise<number>;
  hit(key: string): Promise<void>;
  clear(key: string): Promise<void>;
  /** Forgets every key of this rule (tests and operators). */
  reset(): Promise<void>;
}

/** Keys (accounts, addresses, user ids) are stored as digests, never in clear. */
const digestOf = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Sliding-window throttling counted in PostgreSQL (table throttle_hits), so that every process
 * on one database counts the same hits: behind a load balancer, a client cannot multiply its
 * allowance by the number of processes. The clock is the database's. The rules it serves
 * (failed sign-ins, token creations, registrations) are rare, so a row per hit is cheap.
 */
@Injectable()
export class SharedRateLimiter {
  constructor(private readonly hits: ThrottleRepository) {}

  /** A rule named `bucket` (up to 40 characters). */
  rule(bucket: string, limit: number, windowMs: number): Throttle {
    return {
      retryAfter: (key) => this.hits.retryAfter(bucket, digestOf(key), limit, windowMs / 1000),
      hit: async (key) => {
        await this.hits.insert(bucket, digestOf(key));
        if (Math.random() < 0.02) await this.hits.removeOld();
      },
      clear: (key) => this.hits.remove(bucket, digestOf(key)),
      reset: () => this.hits.remove(bucket),
    };
  }
}

/** SharedRateLimiter, injectable everywhere (the tokens and the auth modules both throttle). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ThrottleHitEntity])],
  providers: [ThrottleRepository, SharedRateLimiter],
  exports: [SharedRateLimiter],
})
export class ThrottleModule {}
