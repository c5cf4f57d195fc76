import { performance } from 'node:perf_hooks';
// Patched before TypeORM loads the driver, so that every query of the app goes through here.
import pg from 'pg';

/** What the server process spent waiting on PostgreSQL since the last reset. */
export interface SqlTimes {
  queries: number;
  /** Wall time with at least one query in flight (overlapping queries counted once). */
  busyMs: number;
  /** The statements that took longest in total, with one set of their parameters. */
  top: { text: string; calls: number; totalMs: number; params?: unknown[] }[];
}

let active = 0;
let busySince = 0;
let busyMs = 0;
let queries = 0;
let perText = new Map<string, { calls: number; totalMs: number; params?: unknown[] }>();

function started(): number {
  const t = performance.now();
  if (active++ === 0) busySince = t;
  return t;
}

function finished(text: string, params: unknown, t0: number): void {
  const t = performance.now();
  if (--active === 0) busyMs += t - busySince;
  queries++;
  const entry = perText.get(text) ?? { calls: 0, totalMs: 0, params: Array.isArray(params) ? params : undefined };
  entry.calls++;
  entry.totalMs += t - t0;
  perText.set(text, entry);
}

/**
 * Times every query of this process, from the call on a pg Client to the parsed rows: the time
 * a request spends "in SQL" as the server sees it (round trip, execution, row parsing).
 */
export function installSqlTiming(): void {
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]): unknown {
    // The credentials cache's LISTEN connection (LISTEN, heartbeats) serves no request: not counted.
    const app = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
    if (app === 'refocus-next-listener') return original.apply(this, args);
    const first = args[0] as string | { text?: string; values?: unknown[] } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const params = typeof first === 'object' && first?.values ? first.values : args[1];
    const t0 = started();
    // A submittable (a COPY): pg calls its callback once when it has finished or failed.
    if (typeof first === 'object' && typeof (first as { submit?: unknown }).submit === 'function') {
      const q = first as { callback?: (...a: unknown[]) => void };
      const cb = q.callback;
      q.callback = (...a: unknown[]) => {
        finished(text, params, t0);
        cb?.(...a);
      };
      return original.apply(this, args);
    }
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...a: unknown[]) => void;
      args[last] = (...a: unknown[]) => {
        finished(text, params, t0);
        cb(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') {
      result.then(
        () => finished(text, params, t0),
        () => finished(text, params, t0),
      );
    } else {
      finished(text, params, t0);
    }
    return result;
  };
}

export function resetSqlTimes(): void {
  busyMs = 0;
  queries = 0;
  perText = new Map();
  if (active > 0) busySince = performance.now();
}

export function sqlTimes(topN = 5): SqlTimes {
  const extra = active > 0 ? performance.now() - busySince : 0;
  const top = [...perText.entries()]
    .map(([text, e]) => ({ text, ...e }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, topN);
  return { queries, busyMs: busyMs + extra, top };
}
