import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/collectorGroups`: filters name, description, timestamps. */
export const GROUP_LIST_SPEC: ListSpec = {
  source: 'CollectorGroup',
  columns: { ...listColumns('g', 'string', ['name', 'description']), ...listColumns('g', 'timestamp', TIMESTAMPS) },
  selectable: ['id', 'name', 'description', 'createdBy', 'createdAt', 'updatedAt', 'user', 'collectors'],
  defaultSort: ['name'],
  idSql: 'g.id',
};
