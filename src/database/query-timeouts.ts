import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, type Pool, type PoolClient } from 'pg';

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

const limitOfContext = new AsyncLocalStorage<number>();

/**
 * Runs `fn` (and everything it starts) with `ms` as the time limit of each statement. The app
 * runs every API request under the short limit; whatever runs outside a request (bulk upserts,
 * jobs, migrations) keeps the connection's default, the long one.
 */
export function withQueryTimeout<T>(ms: number, fn: () => T): T {
  return limitOfContext.run(ms, fn);
}

type QueryArgs = [unknown, ...unknown[]];

/**
 * A pg Client class that bounds every statement on the client side (`query_timeout`, which
 * also catches a network that went silent, where the server's own statement_timeout never
 * arrives) and closes the connection when a statement ran out of time: its answer may still
 * come, so the connection cannot be trusted with the next one. The pool then drops it.
 */
export function guardedClientClass(events: GuardEvents): typeof Client {
  return class GuardedClient extends Client {
    override query(...args: QueryArgs): never {
      const limit = limitOfContext.getStore();
      if (limit !== undefined) {
        const first = args[0];
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
  } as unknown as typeof Client;
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
