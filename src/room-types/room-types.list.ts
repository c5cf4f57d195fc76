import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/roomTypes`. */
export const ROOM_TYPE_LIST_SPEC: ListSpec = {
  source: 'RoomType',
  columns: { ...listColumns('t', 'string', ['name']), ...listColumns('t', 'boolean', ['isEnabled']), ...listColumns('t', 'timestamp', TIMESTAMPS) },
  selectable: ['id', 'name', 'isEnabled', 'settings', 'rules', 'bots', 'createdAt', 'updatedAt', 'user', 'owner'],
  defaultSort: ['name'],
  idSql: 't.id',
};
