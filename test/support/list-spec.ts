import type { ListSpec } from '../../src/common/list-query';

/** A list of "things" with one column of each kind, for the unit specs of list parsing and list SQL. */
export const THING_LIST_SPEC: ListSpec = {
  source: 'Thing',
  columns: {
    name: { sql: 't.name', kind: 'string' },
    isPublished: { sql: 't.is_published', kind: 'boolean' },
    rank: { sql: 't.rank', kind: 'number' },
    tags: { sql: 't.tags', kind: 'tags' },
    createdAt: { sql: 't.created_at', kind: 'timestamp' },
  },
  selectable: ['name', 'isPublished', 'rank', 'tags', 'user'],
  defaultSort: ['name'],
  idSql: 't.id',
};
