/** UUID of any version, compared case-insensitively (REFOCUS-REFERENCE.md §3.3). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a path key must be looked up by id only. */
export function isUuid(key: string): boolean {
  return UUID_PATTERN.test(key);
}

/** A parameterised SQL condition and the value for its placeholder. */
export interface KeyCondition {
  sql: string;
  param: string;
}

/**
 * The WHERE condition that finds a record by path key, the one id-or-name look-up: a UUID
 * matches the id column only; anything else matches the name column exactly, ignoring case
 * (`_` and `%` are ordinary characters, unlike the original's ILIKE). `param` is the
 * placeholder: a number n for SQL's `$n`, a name for a QueryBuilder's `:name`.
 */
export function keyCondition(key: string, idColumn: string, nameColumn: string, param: number | string): KeyCondition {
  const placeholder = typeof param === 'number' ? `$${param}` : `:${param}`;
  if (isUuid(key)) return { sql: `${idColumn} = ${placeholder}::uuid`, param: key.toLowerCase() };
  return { sql: `lower(${nameColumn}) = lower(${placeholder})`, param: key };
}
