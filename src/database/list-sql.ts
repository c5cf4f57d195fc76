import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { FilterKind, ListColumn, ListFilter, ListQuery, RowsAndTotal } from '../common/list-query';
import type { TimeRange } from '../common/time-range';
import { escapeLike, nameIn } from './key-sql';

/** The string fields subjects and aspects share (list filters). */
export const DESCRIBED_STRINGS = ['description', 'helpEmail', 'helpUrl', 'imageUrl'] as const;
/** Every record's timestamps. */
export const TIMESTAMPS = ['createdAt', 'updatedAt'] as const;

/** `field → { sql: alias.snake_case(field), kind }` for fields stored in a column of their own name. */
export function listColumns(
  alias: string,
  kind: FilterKind,
  fields: readonly string[],
  options: Pick<ListColumn, 'filter' | 'sort'> = {},
): Record<string, ListColumn> {
  const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.fromEntries(fields.map((f) => [f, { sql: `${alias}.${snake(f)}`, kind, ...options }]));
}

/**
 * SQL conditions to AND together, with TypeORM named parameters and their values (a list's
 * filters use the names `f<n>`).
 */
export interface SqlConditions {
  conditions: string[];
  params: Record<string, unknown>;
}

/** Stores `value` as the next named parameter `f<n>` of `where`; returns its placeholder (`:f<n>`). */
export function listParam(where: SqlConditions, value: unknown): string {
  let n = Object.keys(where.params).length;
  while (Object.hasOwn(where.params, `f${n}`)) n++;
  where.params[`f${n}`] = value;
  return `:f${n}`;
}

/** A LIKE pattern matching `value` literally except `*`, which matches any run of characters. */
export function wildcardToLike(value: string): string {
  return escapeLike(value).replace(/\*/g, '%');
}

/**
 * The condition of one list filter, its values stored in `where` as named parameters. Casts
 * are written `CAST(:f0 AS …)`: a `::type` right after a placeholder would read as another
 * parameter name to TypeORM.
 */
function filterCondition(f: ListFilter, where: SqlConditions): string {
  const next = (v: unknown): string => listParam(where, v);
  switch (f.kind) {
    case 'string': {
      const ors: string[] = [];
      if (f.exact.length) ors.push(nameIn(f.column, next(f.exact).slice(1)));
      for (const w of f.wildcards) ors.push(`${f.column} ILIKE ${next(wildcardToLike(w))} ESCAPE '\\'`);
      return ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`;
    }
    case 'boolean':
      return `${f.column} = ANY(CAST(${next(f.anyOf)} AS boolean[]))`;
    case 'number':
      return `${f.column} = ANY(CAST(${next(f.anyOf)} AS double precision[]))`;
    case 'tags':
      return f.exclude ? `NOT (${f.column} && CAST(${next(f.tags)} AS text[]))` : `${f.column} @> CAST(${next(f.tags)} AS text[])`;
    case 'timestamp':
      return `${f.column} >= now() - make_interval(secs => CAST(${next(f.seconds)} AS double precision))`;
  }
}

/** A list's filters as SQL conditions with named parameters `f0`, `f1`, … (added to `where`). */
export function filterConditions(filters: readonly ListFilter[], where: SqlConditions = { conditions: [], params: {} }): SqlConditions {
  for (const f of filters) where.conditions.push(filterCondition(f, where));
  return where;
}

/** Adds `column >= from` / `column < to` (named parameters) to `where` for the bounds `range` has. */
export function withinTimeRange(where: SqlConditions, column: string, range: TimeRange): SqlConditions {
  if (range.from) where.conditions.push(`${column} >= CAST(${listParam(where, range.from.toISOString())} AS timestamptz)`);
  if (range.to) where.conditions.push(`${column} < CAST(${listParam(where, range.to.toISOString())} AS timestamptz)`);
  return where;
}

/** How listPageOf filters and counts. */
export interface ListPageOptions {
  /** Only rows whose `column` lies within `range` (`?from=` / `?to=`), besides the query's filters. */
  within?: { column: string; range: TimeRange };
  /**
   * Counted by the page query itself (`count(*) OVER ()`), with a count query only for a page
   * past the end: one query instead of two where the filtered rows are read anyway (samples).
   */
  windowCount?: boolean;
}

/** The window count's column, removed from the rows. */
const WINDOW_TOTAL = 'list_window_total';

/**
 * One page of a list and the total number of matches, from a SELECT QueryBuilder (its own
 * selections, joins and conditions; a condition of its own with an OR must bracket it): the
 * query's filters ANDed to it, then ordered and cut to the page; counted with the same filters
 * in one more query. Rows are raw, named by the builder's selection aliases.
 */
export async function listPageOf<Row>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  q: ListQuery,
  options: ListPageOptions = {},
): Promise<RowsAndTotal<Row>> {
  const where = filterConditions(q.filters);
  if (options.within) withinTimeRange(where, options.within.column, options.within.range);
  const filtered = qb.clone();
  for (const c of where.conditions) filtered.andWhere(`(${c})`);
  filtered.setParameters(where.params);
  const count = async (): Promise<number> => {
    const counted = await filtered.clone().select('count(*)::int', 'total').orderBy().getRawOne<{ total: number }>();
    return counted?.total ?? 0;
  };
  // TypeORM writes no LIMIT for 0: a page of none is not read
  if (q.limit === 0) return { rows: [], total: await count() };
  const page = filtered.clone().orderBy();
  for (const o of q.order) page.addOrderBy(o.sql, o.direction);
  page.limit(q.limit).offset(q.offset);
  if (!options.windowCount) return { rows: await page.getRawMany<Row>(), total: await count() };
  const rows = await page.addSelect('count(*) OVER ()', WINDOW_TOTAL).getRawMany<Row & Record<typeof WINDOW_TOTAL, string>>();
  if (rows.length === 0) return { rows: [], total: q.offset === 0 ? 0 : await count() };
  const total = Number(rows[0][WINDOW_TOTAL]);
  for (const r of rows) delete (r as Partial<typeof r>)[WINDOW_TOTAL];
  return { rows, total };
}
