import type { ListSpec } from '../common/list-query';
import { DESCRIBED_STRINGS, listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/aspects`: the list endpoint's view of the aspects table. */
export const ASPECT_LIST_SPEC: ListSpec = {
  source: 'Aspect',
  columns: {
    ...listColumns('a', 'string', ['name', ...DESCRIBED_STRINGS]),
    ...listColumns('a', 'boolean', ['isPublished']),
    ...listColumns('a', 'number', ['rank']),
    ...listColumns('a', 'string', ['timeout', 'valueLabel', 'valueType']),
    ...listColumns('a', 'tags', ['tags']),
    ...listColumns('a', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'name', 'timeout', 'valueType', 'criticalRange', 'warningRange', 'infoRange', 'okRange', 'rank', 'valueLabel',
    'isPublished', 'description', 'helpEmail', 'helpUrl', 'imageUrl', 'tags', 'relatedLinks', 'createdBy',
    'createdAt', 'updatedAt', 'user', 'owner',
  ],
  defaultSort: ['name'],
  idSql: 'a.id',
};
