import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { listParam, type FilterKind, type ListColumn, type ListQuery, type RowsAndTotal } from '../common/list-query';
import type { TimeRange } from '../common/time-range';

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

/** `q` plus `column >= from` / `column < to` (named parameters) for the bounds `range` has. */
export function withinTimeRange(q: ListQuery, column: string, range: TimeRange): ListQuery {
  const out = { ...q, conditions: [...q.conditions], params: { ...q.params } };
  if (range.from) out.conditions.push(`${column} >= CAST(${listParam(out, range.from.toISOString())} AS timestamptz)`);
  if (range.to) out.conditions.push(`${column} < CAST(${listParam(out, range.to.toISOString())} AS timestamptz)`);
  return out;
}

/** How listPageOf counts the matches. */
export interface ListPageOptions {
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
  const filtered = qb.clone();
  for (const c of q.conditions) filtered.andWhere(`(${c})`);
  filtered.setParameters(q.params);
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
