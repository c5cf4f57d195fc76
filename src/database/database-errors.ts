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

/** A constraint the database enforced on a write, as the repositories translate it. */
export interface Violation {
  kind: 'unique' | 'foreignKey' | 'tooLong';
  /** The constraint's name ('' when the engine did not say, as for a value too long). */
  constraint: string;
}

const VIOLATION_KINDS: Record<string, Violation['kind']> = { '23505': 'unique', '23503': 'foreignKey', '22001': 'tooLong' };

/** The constraint a failed query broke, if it broke one the repositories translate. */
export function violationOf(e: unknown): Violation | undefined {
  if (!(e instanceof QueryFailedError)) return undefined;
  const err = e as QueryFailedError & { code?: unknown; constraint?: unknown };
  const driver = (err.driverError ?? {}) as { code?: unknown; constraint?: unknown };
  const kind = VIOLATION_KINDS[String(err.code ?? driver.code ?? '')];
  return kind && { kind, constraint: String(err.constraint ?? driver.constraint ?? '') };
}

/**
 * What a write's violations mean to the client. A violation without an entry (or whose entry
 * answers undefined) is rethrown as it came: a 500, since it is not the client's doing.
 */
export interface ViolationErrors {
  /** SQLSTATE 23505: a unique index refused the row. */
  unique?: (constraint: string) => Error;
  /** SQLSTATE 23503: a foreign key refused the row; by the constraint's name. */
  foreignKey?: (constraint: string) => Error | undefined;
  /** SQLSTATE 22001: a value was longer than its column. */
  tooLong?: () => Error;
}

/** The domain error for a failed query under `errors`, or the failure itself. */
export function translateViolation(e: unknown, errors: ViolationErrors): unknown {
  const v = violationOf(e);
  if (!v) return e;
  const translated = v.kind === 'tooLong' ? errors.tooLong?.() : errors[v.kind]?.(v.constraint);
  return translated ?? e;
}

/**
 * Runs a write, turning the violations `errors` names into domain errors: the one way
 * repositories translate database errors (docs/DESIGN.md, rule 2).
 */
export async function translatingViolations<T>(errors: ViolationErrors, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw translateViolation(e, errors);
  }
}
