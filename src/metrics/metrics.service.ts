import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: fine below 100 ms where the API answers, coarse above for bulk work and timeouts. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const WAIT_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
const HTTP_LABELS = ['method', 'route', 'status'] as const;

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
  readonly httpRequests = this.counter('refocus_http_requests_total', 'HTTP requests answered, by method, route pattern and status code', HTTP_LABELS);
  /** Time to answer, by method, route pattern and status. */
  readonly httpDuration = this.histogram('refocus_http_request_duration_seconds', 'Time from the request to the end of the answer, by method, route pattern and status code', LATENCY_BUCKETS, HTTP_LABELS);
  /** Time a query waited for a pooled connection. */
  readonly dbAcquireWait = this.histogram('refocus_db_pool_acquire_wait_seconds', 'Time spent waiting for a database connection from the pool', WAIT_BUCKETS);
  /** Database calls that ran out of time (connect, acquire or statement), by kind. */
  readonly dbTimeouts = this.counter('refocus_db_timeouts_total', 'Database calls that exceeded their time limit, by kind (connect, statement)', ['kind'] as const);
  /** Requests answered 503 because the database failed or was unreachable. */
  readonly dbUnavailable = this.counter('refocus_db_unavailable_total', 'Requests answered 503 because the database failed or did not answer in time');
  /** Samples written by bulk upserts (accepted items). */
  readonly bulkUpsertSamples = this.counter('refocus_bulk_upsert_samples_total', 'Samples written by bulk upserts');
  /** Bulk upsert items refused (reported in the job status). */
  readonly bulkUpsertErrors = this.counter('refocus_bulk_upsert_errors_total', 'Bulk upsert items refused (listed in the job status)');
  /** Time to write the samples of one bulk upsert request (all its batches, one transaction). */
  readonly bulkUpsertDuration = this.histogram('refocus_bulk_upsert_write_seconds', 'Time to write the samples of one bulk upsert request (all its batches, in one transaction)', LATENCY_BUCKETS);
  /** Samples turned Timeout by the timeout job. */
  readonly sampleTimeouts = this.counter('refocus_sample_timeouts_total', 'Samples set to Timeout by the sample timeout job');
  /** Credentials cache look-ups, by result (hit, miss). */
  readonly credentialsCache = this.counter('refocus_credentials_cache_lookups_total', 'Token look-ups in the credentials cache, by result (hit or miss)', ['result'] as const);
  /** 1 while the credentials cache hears of changes (its notification connection works), else 0. */
  readonly credentialsCacheListening = this.gauge('refocus_credentials_cache_listening', '1 while the credentials cache hears of token and user changes, 0 while it does not (and does not cache)');
  /** Open realtime (socket.io) connections. */
  readonly realtimeConnections = this.gauge('refocus_realtime_connections', 'Open realtime connections');
  /** Realtime messages dropped because a client's queue was full. */
  readonly realtimeQueueDrops = this.counter('refocus_realtime_queue_drops_total', 'Realtime messages dropped because a client could not keep up');
  /** 1 while the process is shutting down (draining), else 0. */
  readonly draining = this.gauge('refocus_draining', '1 while the process drains before shutting down');

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

  private counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private histogram<L extends string = never>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
    return new Histogram<L>({ name, help, buckets, labelNames, registers: [this.registry] });
  }
}
