import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/collectors`: filters name, status, version, description, registered, timestamps. */
export const COLLECTOR_LIST_SPEC: ListSpec = {
  source: 'Collector',
  columns: {
    ...listColumns('c', 'string', ['name', 'status', 'version', 'description']),
    ...listColumns('c', 'boolean', ['registered']),
    ...listColumns('c', 'timestamp', [...TIMESTAMPS, 'lastHeartbeat']),
  },
  selectable: [
    'id', 'name', 'description', 'helpEmail', 'helpUrl', 'status', 'registered', 'lastHeartbeat', 'osInfo', 'processInfo',
    'version', 'collectorGroup', 'createdBy', 'createdAt', 'updatedAt', 'user',
  ],
  defaultSort: ['name'],
  idSql: 'c.id',
};
