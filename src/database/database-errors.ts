import { QueryFailedError } from 'typeorm';

/** Socket-level failures: the database host is unreachable or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs that mean "the database cannot serve this now", not "your request is wrong":
 * class 08 (connection exception), 57014 query_canceled (statement_timeout), 57P01–57P03
 * (shutdown, cannot connect now), 53300 too_many_connections, 55P03 lock_not_available.
 */
const UNAVAILABLE_STATES = new Set(['57014', '57P01', '57P02', '57P03', '53300', '55P03']);

/** What pg, pg-pool and TypeORM say when a connection cannot be had or was lost. */
const UNAVAILABLE_MESSAGES = [
  /^timeout exceeded when trying to connect/,
  /^Connection terminated/,
  /^Query read timeout/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^Connection is not established/,
  /^Driver not Connected/,
];

/** The kind of a database time limit that ran out, for metrics; undefined when it is not one. */
export type TimeoutKind = 'connect' | 'statement';

function driverErrorOf(e: unknown): (Error & { code?: unknown }) | undefined {
  if (e instanceof QueryFailedError) return (e.driverError as Error & { code?: unknown }) ?? e;
  return e instanceof Error ? (e as Error & { code?: unknown }) : undefined;
}

/**
 * True when a failure means the database is unreachable, too slow or shutting down: the request
 * should be answered 503 (try again), never as if the database had said no.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = driverErrorOf(e);
  if (!err) return false;
  const code = typeof err.code === 'string' ? err.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
  // a transaction whose connection was closed under it (a time limit, a lost server)
  if (['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError', 'QueryRunnerAlreadyReleasedError'].includes(err.name)) return true;
  return UNAVAILABLE_MESSAGES.some((re) => re.test(err.message ?? ''));
}

/** Which time limit a failure is, if it is one. */
export function timeoutKindOf(e: unknown): TimeoutKind | undefined {
  const err = driverErrorOf(e);
  if (!err) return undefined;
  if (/^timeout exceeded when trying to connect|^Connection terminated due to connection timeout/.test(err.message ?? '')) return 'connect';
  if (/^Query read timeout/.test(err.message ?? '') || err.code === '57014') return 'statement';
  return undefined;
}
