import { apiLinks, deletedApiLinks, RECORD_METHODS } from './api-links';

/**
 * A record as the API shows it: `null`/`undefined` properties are omitted (reference §3.4),
 * except the names in `keepNull`, and Dates become ISO strings.
 */
export function omitNulls<T extends object>(row: T, keepNull: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined) {
      if (keepNull.includes(k)) out[k] = null;
      continue;
    }
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** How a record resource is answered: its collection path, `rel` noun and the properties never shown. */
export interface RecordShape {
  collection: string;
  noun: string;
  hidden: readonly string[];
  /** Properties answered as null rather than omitted. */
  keepNull?: readonly string[];
}

/**
 * A record as the API answers it: `hidden` properties dropped, nulls omitted (except
 * `keepNull`), Dates as ISO strings, then `apiLinks` (only the collection's POST once deleted).
 */
export function presentRecord<R extends { id: string }>(row: R, shape: RecordShape, deleted = false): Record<string, unknown> {
  const visible = Object.fromEntries(Object.entries(row).filter(([k]) => !shape.hidden.includes(k)));
  const out = omitNulls(visible, shape.keepNull);
  out.apiLinks = deleted ? deletedApiLinks(shape.collection, shape.noun) : apiLinks(shape.collection, row.id, shape.noun, RECORD_METHODS);
  return out;
}
