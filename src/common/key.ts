/** UUID of any version, compared case-insensitively (REFOCUS-REFERENCE.md §3.3). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a path key must be looked up by id only (by name otherwise: database/key-sql.ts). */
export function isUuid(key: string): boolean {
  return UUID_PATTERN.test(key);
}

