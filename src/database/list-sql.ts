import type { FilterKind, ListColumn, ListQuery, RowsAndTotal } from '../common/list-query';
import type { SqlRunner } from '../common/owner';

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

/** The `WHERE …` of a parsed list query ('' when it has no filter). */
export function listWhere(q: ListQuery): string {
  return q.conditions.length ? `WHERE ${q.conditions.join(' AND ')}` : '';
}

/**
 * One page of a list and the total number of matches: `select` (SELECT … FROM …, no WHERE)
 * with the query's filters, order and page; `countFrom` (`table alias`) counted with the same
 * filters.
 */
export async function listPage<Row>(db: SqlRunner, select: string, countFrom: string, q: ListQuery): Promise<RowsAndTotal<Row>> {
  const where = listWhere(q);
  const n = q.params.length;
  const rows = (await db.query(`${select} ${where} ORDER BY ${q.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
    ...q.params,
    q.limit,
    q.offset,
  ])) as Row[];
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total FROM ${countFrom} ${where}`, q.params)) as { total: number }[];
  return { rows, total };
}
