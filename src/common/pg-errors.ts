import { QueryFailedError } from 'typeorm';

/** True when a query failed on a PostgreSQL unique index (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';
}

/** True when a query failed on a foreign key (SQLSTATE 23503). */
export function isForeignKeyViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23503';
}

/** True when a value was too long for its column (SQLSTATE 22001). */
export function isValueTooLong(e: unknown): boolean {
  return e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '22001';
}
