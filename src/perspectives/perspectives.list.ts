import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/perspectives`: filters name, rootSubject, createdAt, updatedAt (REFOCUS-REFERENCE.md §4.6). */
export const PERSPECTIVE_LIST_SPEC: ListSpec = {
  source: 'Perspective',
  columns: {
    ...listColumns('p', 'string', ['name', 'rootSubject']),
    ...listColumns('p', 'timestamp', TIMESTAMPS),
    ...listColumns('p', 'string', ['aspectFilterType', 'aspectTagFilterType', 'subjectTagFilterType', 'statusFilterType'], { filter: false }),
  },
  selectable: [
    'id',
    'name',
    'rootSubject',
    'aspectFilter',
    'aspectFilterType',
    'aspectTagFilter',
    'aspectTagFilterType',
    'subjectTagFilter',
    'subjectTagFilterType',
    'statusFilter',
    'statusFilterType',
    'createdAt',
    'updatedAt',
    'lens',
    'user',
    'owner',
  ],
  defaultSort: ['name'],
  idSql: 'p.id',
};
