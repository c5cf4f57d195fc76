import type { ListSpec } from '../../common/list-query';

/** `GET /v1/perspectives`: filters name, rootSubject, createdAt, updatedAt (reference §4.6). */
export const PERSPECTIVE_LIST_SPEC: ListSpec = {
  source: 'Perspective',
  columns: {
    name: { sql: 'p.name', kind: 'string' },
    rootSubject: { sql: 'p.root_subject', kind: 'string' },
    createdAt: { sql: 'p.created_at', kind: 'timestamp' },
    updatedAt: { sql: 'p.updated_at', kind: 'timestamp' },
    aspectFilterType: { sql: 'p.aspect_filter_type', kind: 'string', filter: false },
    aspectTagFilterType: { sql: 'p.aspect_tag_filter_type', kind: 'string', filter: false },
    subjectTagFilterType: { sql: 'p.subject_tag_filter_type', kind: 'string', filter: false },
    statusFilterType: { sql: 'p.status_filter_type', kind: 'string', filter: false },
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
