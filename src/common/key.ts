/** UUID of any version, compared case-insensitively (REFOCUS-REFERENCE.md §3.3). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a path key must be looked up by id only (by name otherwise: database/key-sql.ts). */
export function isUuid(key: string): boolean {
  return UUID_PATTERN.test(key);
}

/**
 * The look-up's SQL lives in database/key-sql.ts; re-exported here only for the repositories
 * another change is rewriting at the time of writing (writers, subjects, the realtime feed).
 */
export { keyCondition, type KeyCondition } from '../database/key-sql';
