import type { ListSpec } from '../common/list-query';
import { DESCRIBED_STRINGS, listColumns, TIMESTAMPS } from '../database/list-sql';
import { LEVEL_SQL, PARENT_PATH_SQL } from './subject-hierarchy.repository';

/** `GET /v1/subjects`: the list endpoint's view of the subjects table. */
export const SUBJECT_LIST_SPEC: ListSpec = {
  source: 'Subject',
  columns: {
    ...listColumns('s', 'string', ['absolutePath', 'name', ...DESCRIBED_STRINGS]),
    ...listColumns('s', 'boolean', ['isPublished']),
    ...listColumns('s', 'string', ['sortBy']),
    parentAbsolutePath: { sql: PARENT_PATH_SQL, kind: 'string' },
    parentId: { sql: 's.parent_id::text', kind: 'string' },
    hierarchyLevel: { sql: LEVEL_SQL, kind: 'number' },
    childCount: { sql: '(SELECT count(*) FROM subjects c WHERE c.parent_id = s.id)', kind: 'number', filter: false },
    ...listColumns('s', 'tags', ['tags']),
    ...listColumns('s', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'absolutePath', 'name', 'parentId', 'parentAbsolutePath', 'childCount', 'hierarchyLevel', 'isPublished',
    'description', 'helpEmail', 'helpUrl', 'imageUrl', 'sortBy', 'tags', 'relatedLinks', 'geolocation',
    'createdBy', 'createdAt', 'updatedAt', 'user', 'owner',
  ],
  defaultSort: ['absolutePath'],
  idSql: 's.id',
};
