import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/rooms`: `type` is the room type's id (the service turns a name into it). */
export const ROOM_LIST_SPEC: ListSpec = {
  source: 'Room',
  columns: {
    ...listColumns('r', 'string', ['name', 'origin', 'externalId']),
    type: { sql: 'r.type::text', kind: 'string' },
    ...listColumns('r', 'boolean', ['active']),
    ...listColumns('r', 'number', ['id']),
    ...listColumns('r', 'timestamp', TIMESTAMPS),
  },
  selectable: ['id', 'name', 'type', 'externalId', 'origin', 'settings', 'active', 'bots', 'createdAt', 'updatedAt', 'user', 'owner'],
  defaultSort: ['id'],
  idSql: 'r.id',
};
