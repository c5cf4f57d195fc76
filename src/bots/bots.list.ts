import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/bots`: never the UI. */
export const BOT_LIST_SPEC: ListSpec = {
  source: 'Bot',
  columns: {
    ...listColumns('b', 'string', ['name', 'displayName', 'version', 'url']),
    ...listColumns('b', 'boolean', ['active']),
    ...listColumns('b', 'timestamp', [...TIMESTAMPS, 'lastHeartbeat']),
  },
  selectable: ['id', 'name', 'url', 'helpUrl', 'ownerUrl', 'displayName', 'version', 'active', 'actions', 'settings', 'data', 'lastHeartbeat', 'installedBy', 'createdAt', 'updatedAt', 'user', 'owner'],
  defaultSort: ['name'],
  idSql: 'b.id',
};
