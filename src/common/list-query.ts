import { InvalidFilterParameterError, SchemaValidationError, ValidationError } from './errors/api-errors';
import { duplicateTagsError, hasDuplicateTags } from './dto/tags-and-links';
import { durationSeconds, type DurationSyntax } from './duration';

/** Default and maximum `limit` of a list (the original's GET_REQUEST_DEFAULT_LIMIT). */
export const MAX_LIST_LIMIT = 10000;

/** How a query parameter filters its column. */
export type FilterKind = 'string' | 'boolean' | 'number' | 'tags' | 'timestamp';

/** One field of a resource as the list endpoint sees it. */
export interface ListColumn {
  /** SQL expression (a trusted constant from the resource, never user input). */
  sql: string;
  kind: FilterKind;
  /** May be used as a `?<name>=` filter (default true). */
  filter?: boolean;
  /** May be used in `?sort=` (default true, except tags). */
  sort?: boolean;
}

/** Per-resource description of the list endpoint. */
export interface ListSpec {
  /** Resource name, used as the error `source` (e.g. `Subject`). */
  source: string;
  columns: Record<string, ListColumn>;
  /** Names accepted in `?fields=` (record fields and associations such as `user`, `owner`). */
  selectable: readonly string[];
  /** Default sort field names (ascending), also the tie-breakers after an explicit sort. */
  defaultSort: readonly string[];
  /** SQL of the unique id column (or columns, of a composite key), the last tie-breaker. */
  idSql: string | readonly string[];
  /** The whole order when `?sort=` is absent, instead of the default sort then the id (newest first, say). */
  defaultOrder?: readonly ListOrder[];
}

/** One ORDER BY term: a trusted SQL expression and its direction. */
export interface ListOrder {
  sql: string;
  direction: 'ASC' | 'DESC';
}

/**
 * One validated `?<name>=` filter, on its column's expression (`column`: ListColumn.sql). A
 * description only: src/database/list-sql.ts turns it into a condition with named parameters.
 */
export type ListFilter =
  /** Equals one of `exact` (lower-cased; compared ignoring case) or matches one of `wildcards` (`*`: any run of characters; ignoring case). */
  | { kind: 'string'; column: string; exact: string[]; wildcards: string[] }
  /** Equals one of `anyOf`. */
  | { kind: 'boolean'; column: string; anyOf: boolean[] }
  /** Equals one of `anyOf`. */
  | { kind: 'number'; column: string; anyOf: number[] }
  /** Has all of `tags`, or (`exclude`) none of them; case-sensitive. */
  | { kind: 'tags'; column: string; tags: string[]; exclude: boolean }
  /** At most `seconds` ago. */
  | { kind: 'timestamp'; column: string; seconds: number };

/** A parsed, validated list request (src/database/list-sql.ts `listPageOf` runs it on a QueryBuilder). */
export interface ListQuery {
  /** Requested fields plus `id`, or null for all. */
  fields: string[] | null;
  /** The filters, all to hold. */
  filters: ListFilter[];
  /** ORDER BY terms, the unique id last. */
  order: ListOrder[];
  limit: number;
  offset: number;
}

/** One page of a list: what a service returns; the interceptor (common/pagination.ts) turns it into body + headers. */
export class ListPage<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

/** Query parameters that are never filters. */
const RESERVED = new Set(['fields', 'sort', 'limit', 'offset', 'override']);

function badParam(name: string, message: string, value: unknown = ''): ValidationError {
  return new SchemaValidationError({
    message: `Request validation failed: Parameter (${name}) ${message}`,
    source: name,
    value: typeof value === 'string' ? value : '',
    description: message,
  });
}

/** A query value as one string: repeated parameters are joined with commas. */
export function queryValue(name: string, raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((r) => typeof r === 'string')) return raw.join(',');
  throw badParam(name, 'must be a string');
}

/** Splits a csv parameter into trimmed, non-empty items. */
export function csv(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Largest accepted `offset` (PostgreSQL takes a bigint; beyond any real table anyway). */
const MAX_OFFSET = 2147483647;

function parseInteger(name: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const v = queryValue(name, raw).trim();
  if (!/^-?\d+$/.test(v)) throw badParam(name, `is not a valid integer: ${v}`, v);
  const n = Number(v);
  if (n < min) throw badParam(name, `is less than the configured minimum (${min}): ${v}`, v);
  if (n > max) throw badParam(name, `is greater than the configured maximum (${max}): ${v}`, v);
  return n;
}

/** `?fields=`: validated names plus `id`; null when absent. */
export function parseFields(raw: unknown, spec: ListSpec): string[] | null {
  if (raw === undefined) return null;
  const names = csv(queryValue('fields', raw));
  const unknown = names.filter((n) => !spec.selectable.includes(n));
  if (unknown.length) throw badParam('fields', `has unknown field(s): ${unknown.join(', ')}`, unknown.join(','));
  return Array.from(new Set(['id', ...names]));
}

function parseSort(raw: unknown, spec: ListSpec): ListOrder[] {
  if (raw === undefined && spec.defaultOrder) return [...spec.defaultOrder];
  const requested = raw === undefined ? [] : csv(queryValue('sort', raw));
  const parts: ListOrder[] = [];
  const used = new Set<string>();
  for (const item of requested) {
    const desc = item.startsWith('-');
    const name = desc ? item.slice(1) : item;
    const col = Object.hasOwn(spec.columns, name) ? spec.columns[name] : undefined; // not `toString` & co.
    if (!col || col.sort === false || (col.sort === undefined && col.kind === 'tags')) {
      throw badParam('sort', `has an unknown sort field: ${name}`, item);
    }
    if (used.has(name)) continue;
    used.add(name);
    parts.push({ sql: col.sql, direction: desc ? 'DESC' : 'ASC' });
  }
  for (const name of spec.defaultSort) {
    if (!used.has(name)) parts.push({ sql: spec.columns[name].sql, direction: 'ASC' });
  }
  for (const sql of typeof spec.idSql === 'string' ? [spec.idSql] : spec.idSql) parts.push({ sql, direction: 'ASC' });
  // a later term on the same expression changes nothing: dropped
  return parts.filter((p, i) => parts.findIndex((o) => o.sql === p.sql) === i);
}

/** `-1d`: records within that time (after the minus sign). */
const AGE_SYNTAX: DurationSyntax = { units: ['s', 'm', 'h', 'd'], maxDigits: 9 };

/** The filter `?<name>=value` on column `col`, validated; bad values → 400. */
function parseFilter(name: string, col: ListColumn, value: string): ListFilter {
  const column = col.sql;
  switch (col.kind) {
    case 'string': {
      const items = value.split(',');
      const exact = items.filter((v) => !v.includes('*')).map((v) => v.toLowerCase());
      return { kind: 'string', column, exact, wildcards: items.filter((v) => v.includes('*')) };
    }
    case 'boolean': {
      const items = csv(value).map((v) => v.toLowerCase());
      if (!items.length || items.some((v) => v !== 'true' && v !== 'false')) {
        throw badParam(name, `is not a valid boolean: ${value}`, value);
      }
      return { kind: 'boolean', column, anyOf: items.map((v) => v === 'true') };
    }
    case 'number': {
      const items = csv(value);
      if (!items.length || items.some((v) => !/^-?\d+(\.\d+)?$/.test(v))) {
        throw badParam(name, `is not a valid number: ${value}`, value);
      }
      return { kind: 'number', column, anyOf: items.map(Number) };
    }
    case 'tags':
      return { kind: 'tags', column, ...parseTags(value) };
    case 'timestamp': {
      const text = value.trim();
      const age = text.startsWith('-') ? durationSeconds(text.slice(1), AGE_SYNTAX) : null;
      if (age === null) throw badParam(name, `must be a negative duration like -1d (s, m, h or d): ${value}`, value);
      // Clamped to ~300 years: beyond that PostgreSQL's interval overflows, and it means "all" anyway.
      return { kind: 'timestamp', column, seconds: Math.min(age, 1e10) };
    }
  }
}

/**
 * `?tags=a,b` → the record has all of them; `?tags=-a,-b` → none of them (case-sensitive, as
 * the original). Mixing both → 400; duplicates ignoring case → 400 DuplicateFieldError.
 */
function parseTags(value: string): { tags: string[]; exclude: boolean } {
  const items = csv(value);
  if (hasDuplicateTags(items)) throw duplicateTagsError();
  const excluded = items.filter((t) => t.startsWith('-'));
  if (excluded.length && excluded.length !== items.length) {
    throw new InvalidFilterParameterError({
      message: 'Filtering by both included and excluded tags is not supported.',
      source: 'tags',
      value,
    });
  }
  return excluded.length ? { tags: excluded.map((t) => t.slice(1)), exclude: true } : { tags: items, exclude: false };
}

/**
 * Parses `fields`, `sort`, `limit`, `offset` and every filter the resource knows from a
 * query object into filter descriptions and ORDER BY terms. Unknown query parameters are ignored; bad values → 400.
 */
export function parseListQuery(query: Record<string, unknown>, spec: ListSpec, maxLimit = MAX_LIST_LIMIT): ListQuery {
  const filters: ListFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name) || raw === undefined) continue;
    const col = Object.hasOwn(spec.columns, name) ? spec.columns[name] : undefined; // not `toString` & co.
    if (!col || col.filter === false) continue;
    filters.push(parseFilter(name, col, queryValue(name, raw)));
  }
  const limit = Math.min(parseInteger('limit', query.limit, 0, Number.MAX_VALUE) ?? maxLimit, maxLimit);
  return {
    fields: parseFields(query.fields, spec),
    filters,
    order: parseSort(query.sort, spec),
    limit,
    offset: parseInteger('offset', query.offset, 0, MAX_OFFSET) ?? 0,
  };
}

/** The record limited to the requested fields (plus `id` and `apiLinks`); all when null. */
export function pickFields<T extends object>(record: T, fields: readonly string[] | null): Partial<T> {
  if (!fields) return record;
  const out: Record<string, unknown> = {};
  for (const f of [...fields, 'apiLinks']) {
    if (f in record) out[f] = (record as Record<string, unknown>)[f];
  }
  return out as Partial<T>;
}

/** One page of rows and the total number of matches, as repositories answer a list. */
export interface RowsAndTotal<Row> {
  rows: Row[];
  total: number;
}

/**
 * A list endpoint: the query parsed against `spec`, one page read, each row presented and cut
 * to the asked `?fields=`.
 */
export async function listRecords<Row, View extends object>(
  query: Record<string, unknown>,
  spec: ListSpec,
  read: (q: ListQuery) => Promise<RowsAndTotal<Row>>,
  present: (row: Row) => View,
): Promise<ListPage<Partial<View>>> {
  const q = parseListQuery(query, spec);
  const { rows, total } = await read(q);
  return new ListPage(rows.map((r) => pickFields(present(r), q.fields)), total, q.limit, q.offset);
}
