import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: fine below 100 ms where the API answers, coarse above for bulk work and timeouts. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Something that reports its pool figures when scraped (the database pool registers one). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * Every metric the service exposes, each a small named prom-client object, in a registry of
 * this app's own (tests run several apps in one process). Call sites use them directly, e.g.
 * `metrics.realtimeConnections.inc()`, `metrics.bulkUpsertSamples.inc(n)`.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();

  /** HTTP requests answered, by method, route pattern and status. */
  readonly httpRequests = new Counter({
    name: 'refocus_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  /** Time to answer, by method, route pattern and status. */
  readonly httpDuration = new Histogram({
    name: 'refocus_http_request_duration_seconds',
    help: 'Time from the request to the end of the answer, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Time a query waited for a pooled connection. */
  readonly dbAcquireWait = new Histogram({
    name: 'refocus_db_pool_acquire_wait_seconds',
    help: 'Time spent waiting for a database connection from the pool',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  /** Database calls that ran out of time (connect, acquire or statement), by kind. */
  readonly dbTimeouts = new Counter({
    name: 'refocus_db_timeouts_total',
    help: 'Database calls that exceeded their time limit, by kind (connect, acquire, statement)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Requests answered 503 because the database failed or was unreachable. */
  readonly dbUnavailable = new Counter({
    name: 'refocus_db_unavailable_total',
    help: 'Requests answered 503 because the database failed or did not answer in time',
    registers: [this.registry],
  });

  /** Samples written by bulk upserts (accepted items). */
  readonly bulkUpsertSamples = new Counter({
    name: 'refocus_bulk_upsert_samples_total',
    help: 'Samples written by bulk upserts',
    registers: [this.registry],
  });

  /** Bulk upsert items refused (reported in the job status). */
  readonly bulkUpsertErrors = new Counter({
    name: 'refocus_bulk_upsert_errors_total',
    help: 'Bulk upsert items refused (listed in the job status)',
    registers: [this.registry],
  });

  /** Time to write the samples of one bulk upsert request (all its batches, one transaction). */
  readonly bulkUpsertDuration = new Histogram({
    name: 'refocus_bulk_upsert_write_seconds',
    help: 'Time to write the samples of one bulk upsert request (all its batches, in one transaction)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Samples turned Timeout by the timeout job. */
  readonly sampleTimeouts = new Counter({
    name: 'refocus_sample_timeouts_total',
    help: 'Samples set to Timeout by the sample timeout job',
    registers: [this.registry],
  });

  /** Credentials cache look-ups, by result (hit, miss). */
  readonly credentialsCache = new Counter({
    name: 'refocus_credentials_cache_lookups_total',
    help: 'Token look-ups in the credentials cache, by result (hit or miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** 1 while the credentials cache hears of changes (its notification connection works), else 0. */
  readonly credentialsCacheListening = new Gauge({
    name: 'refocus_credentials_cache_listening',
    help: '1 while the credentials cache hears of token and user changes, 0 while it does not (and does not cache)',
    registers: [this.registry],
  });

  /** Open realtime (socket.io) connections. */
  readonly realtimeConnections = new Gauge({
    name: 'refocus_realtime_connections',
    help: 'Open realtime connections',
    registers: [this.registry],
  });

  /** Realtime messages dropped because a client's queue was full. */
  readonly realtimeQueueDrops = new Counter({
    name: 'refocus_realtime_queue_drops_total',
    help: 'Realtime messages dropped because a client could not keep up',
    registers: [this.registry],
  });

  /** Login and token-creation attempts refused with 429, by what was throttled. */
  readonly throttled = new Counter({
    name: 'refocus_throttled_total',
    help: 'Requests refused with 429, by limit (login, token)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  /** 1 while the process is shutting down (draining), else 0. */
  readonly draining = new Gauge({
    name: 'refocus_draining',
    help: '1 while the process drains before shutting down',
    registers: [this.registry],
  });

  private pools: Array<() => PoolStats> = [];

  constructor() {
    // Process memory, CPU, handles and event-loop lag (nodejs_eventloop_lag_* seconds).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    const pools = () => this.pools.map((f) => f());
    new Gauge({
      name: 'refocus_db_pool_connections',
      help: 'Database pool connections, by state (total, idle, waiting = queries waiting for one)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const all = pools();
        for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, all.reduce((n, p) => n + p[state], 0));
      },
    });
  }

  /** One bulk upsert request written: samples written and refused, and how long the write took. */
  bulkUpserted(written: number, refused: number, seconds: number): void {
    this.bulkUpsertSamples.inc(written);
    if (refused) this.bulkUpsertErrors.inc(refused);
    this.bulkUpsertDuration.observe(seconds);
  }

  /** Registers a pool whose figures are read at each scrape. */
  watchPool(stats: () => PoolStats): void {
    this.pools.push(stats);
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onModuleDestroy(): void {
    this.pools = [];
    this.registry.clear();
  }
}
