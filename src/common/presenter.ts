import { ApiLink, apiLinks, deletedApiLinks, RECORD_METHODS } from './api-links';

/** A stored value as answered: Dates become ISO strings. */
type AsJson<V> = V extends Date ? string : V;
type Nullable<T, K extends keyof T> = null extends T[K] ? true : undefined extends T[K] ? true : false;

/**
 * A record as the API shows it: properties that may be null or undefined become optional
 * (omitted when empty, REFOCUS-REFERENCE.md §3.4), except those in `KeepNull`, which are
 * answered as null; Dates become ISO strings.
 */
type Shown<Row, KeepNull extends keyof Row = never> = {
  [K in keyof Row as K extends KeepNull ? K : Nullable<Row, K> extends true ? never : K]: AsJson<Row[K]>;
} & {
  [K in keyof Row as K extends KeepNull ? never : Nullable<Row, K> extends true ? K : never]?: AsJson<NonNullable<Row[K]>>;
};

/** The type of `presentRecord(row, shape)`: the row shown without its hidden properties, with `apiLinks`. */
export type Presented<Row, Hidden extends keyof Row = never, KeepNull extends keyof Row = never> = Shown<Omit<Row, Hidden>, Exclude<KeepNull, Hidden>> & {
  apiLinks: ApiLink[];
};

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
export interface RecordShape<Hidden extends string = never, KeepNull extends string = never> {
  collection: string;
  noun: string;
  hidden: readonly Hidden[];
  /** Properties answered as null rather than omitted. */
  keepNull?: readonly KeepNull[];
}

/**
 * A record as the API answers it: `hidden` properties dropped, nulls omitted (except
 * `keepNull`), Dates as ISO strings, then `apiLinks` (only the collection's POST once deleted).
 */
export function presentRecord<R extends { id: string | number }, Hidden extends keyof R & string = never, KeepNull extends keyof R & string = never>(
  row: R,
  shape: RecordShape<Hidden, KeepNull>,
  deleted = false,
): Presented<R, Hidden, KeepNull> {
  const out = copyShown(row, shape.hidden, shape.keepNull ?? NONE);
  out.apiLinks = deleted ? deletedApiLinks(shape.collection, shape.noun) : apiLinks(shape.collection, String(row.id), shape.noun, RECORD_METHODS);
  return out as Presented<R, Hidden, KeepNull>;
}
