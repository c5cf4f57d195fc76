import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/lenses`: filters on the lens's own fields; the library is never listed. */
export const LENS_LIST_SPEC: ListSpec = {
  source: 'Lens',
  columns: {
    ...listColumns('l', 'string', ['name', 'sourceName', 'description', 'version', 'sourceVersion', 'helpEmail', 'helpUrl', 'thumbnailUrl']),
    ...listColumns('l', 'boolean', ['isCustom', 'isPublished']),
    ...listColumns('l', 'number', ['lensEventApiVersion']),
    ...listColumns('l', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'id',
    'name',
    'sourceName',
    'description',
    'sourceDescription',
    'version',
    'sourceVersion',
    'helpEmail',
    'helpUrl',
    'thumbnailUrl',
    'isCustom',
    'isPublished',
    'lensEventApiVersion',
    'metadata',
    'createdAt',
    'updatedAt',
    'user',
    'owner',
  ],
  defaultSort: ['name'],
  idSql: 'l.id',
};
