import { apiLinks, deletedApiLinks, RECORD_METHODS } from './api-links';

/**
 * A record as the API shows it: `null`/`undefined` properties are omitted (REFOCUS-REFERENCE.md §3.4),
 * except the names in `keepNull`, and Dates become ISO strings.
 */
export function omitNulls<T extends object>(row: T, keepNull: readonly string[] = []): Record<string, unknown> {
  return copyShown(row, NONE, keepNull);
}

const NONE: readonly string[] = [];

/** One pass over a row (this runs for every record of every answer, 20,000 times for a hierarchy). */
function copyShown(row: object, hidden: readonly string[], keepNull: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = row as Record<string, unknown>;
  for (const k of Object.keys(values)) {
    if (hidden.includes(k)) continue;
    const v = values[k];
    if (v === null || v === undefined) {
      if (keepNull.includes(k)) out[k] = null;
    } else {
      out[k] = v instanceof Date ? v.toISOString() : v;
    }
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
  const out = copyShown(row, shape.hidden, shape.keepNull ?? NONE);
  out.apiLinks = deleted ? deletedApiLinks(shape.collection, shape.noun) : apiLinks(shape.collection, row.id, shape.noun, RECORD_METHODS);
  return out;
}
