import { Client, type Pool, type PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** The database time limits (milliseconds), from the configuration. */
export interface DatabaseLimits {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectTimeoutMs: number;
  /** One statement of an API request. */
  queryTimeoutMs: number;
  /** One statement of bulk work (bulk upsert, jobs, migrations): the default outside API requests. */
  bulkQueryTimeoutMs: number;
  /** Connections in the pool. */
  poolMax: number;
}

export const DEFAULT_LIMITS: DatabaseLimits = { connectTimeoutMs: 3000, queryTimeoutMs: 5000, bulkQueryTimeoutMs: 60000, poolMax: 10 };

/** What the guarded client reports. */
export interface GuardEvents {
  onStatementTimeout(): void;
}

/** Marks a pooled connection lent to bulk work: its statements get the long limit. */
const LONG_WORK = Symbol('longWork');

/** The pg Client class of `guardedClientClass`: one per data source, with its start-up switch. */
export type GuardedClientClass = typeof Client & {
  /** Start-up (migrations) is over: from now on, unmarked statements get the connection's own (short) limit. */
  serving(): void;
};

/**
 * Runs `work` on one pooled connection whose every statement gets the long limit
 * (DB_BULK_QUERY_TIMEOUT_MS): the bulk upsert, the periodic jobs. Everything else (every API
 * request) runs under the pool's default, the short limit. An explicit mark on the connection
 * rather than a request-scoped store: one AsyncLocalStorage in use makes Node 20 track every
 * promise of the process (docs/PERFORMANCE.md, issue 19).
 */
export async function withLongStatements<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  try {
    const client = (await runner.connect()) as Record<symbol, unknown>;
    client[LONG_WORK] = true;
    try {
      return await work(runner.manager);
    } finally {
      client[LONG_WORK] = false;
    }
  } finally {
    await runner.release();
  }
}

/** A pg query config whose statement gets the long limit, whichever connection runs it. */
export function longStatement<Q extends object>(config: Q): Q {
  return { ...config, [LONG_WORK]: true };
}

/** `withLongStatements` around one transaction. */
export function longTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return withLongStatements(ds, (m) => m.transaction(work));
}

type QueryArgs = [unknown, ...unknown[]];

/**
 * A pg Client class that bounds every statement on the client side (`query_timeout`, which
 * also catches a network that went silent, where the server's own statement_timeout never
 * arrives) and closes the connection when a statement ran out of time: its answer may still
 * come, so the connection cannot be trusted with the next one. The pool then drops it.
 * The limit is the connection's `query_timeout` (the short API limit), or `longLimitMs` for
 * statements marked as bulk work (`withLongStatements`, `longStatement`) and for every
 * statement until `serving()` is called (the migrations at start-up).
 */
export function guardedClientClass(events: GuardEvents, longLimitMs?: number): GuardedClientClass {
  /** Until the data source is serving, every statement (the migrations) gets the long limit. */
  let starting = longLimitMs !== undefined;
  return class GuardedClient extends Client {
    static serving(): void {
      starting = false;
    }

    override query(...args: QueryArgs): never {
      const first = args[0];
      const long =
        starting || (this as unknown as Record<symbol, unknown>)[LONG_WORK] === true || (typeof first === 'object' && first !== null && (first as Record<symbol, unknown>)[LONG_WORK] === true);
      const limit = long ? longLimitMs : undefined;
      if (limit !== undefined) {
        if (typeof first === 'string') args[0] = { text: first, query_timeout: limit };
        else if (first && typeof first === 'object' && typeof (first as { submit?: unknown }).submit !== 'function') {
          args[0] = { ...(first as object), query_timeout: limit };
        }
      }
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => {
          if (err) this.onFailure(err);
          (last as (e: unknown, r: unknown) => void)(err, res);
        };
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).catch((err: unknown) => this.onFailure(err));
      }
      return result as never;
    }

    private onFailure(err: unknown): void {
      if (!(err instanceof Error)) return;
      if ((err as { code?: unknown }).code === '57014') return events.onStatementTimeout(); // the server's statement_timeout
      if (err.message !== 'Query read timeout') return;
      events.onStatementTimeout();
      // Ends the socket: the client emits 'error', its holder releases it with the error, the pool destroys it.
      (this as unknown as { connection?: { stream?: { destroy(e?: Error): void } } }).connection?.stream?.destroy(err);
    }
  } as unknown as GuardedClientClass;
}

/** Reports how long each checkout waited for a connection (TypeORM uses the callback form). */
export function timePoolCheckouts(pool: Pool, observe: (seconds: number) => void): void {
  const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, client: PoolClient, done: (e?: unknown) => void) => void) => unknown;
  (pool as unknown as { connect: typeof connect }).connect = (cb) => {
    const start = process.hrtime.bigint();
    const seen = () => observe(Number(process.hrtime.bigint() - start) / 1e9);
    if (!cb) {
      const p = connect() as Promise<PoolClient>;
      p.then(seen, () => undefined);
      return p;
    }
    return connect((err, client, done) => {
      seen();
      cb(err, client, done);
    });
  };
}
