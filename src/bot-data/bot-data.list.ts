import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/botData` and a room's data: `botId` and `roomId` arrive as ids (src/bots/room-list.ts). */
export const BOT_DATA_LIST_SPEC: ListSpec = {
  source: 'BotData',
  columns: {
    ...listColumns('d', 'string', ['name']),
    botId: { sql: 'd.bot_id::text', kind: 'string' },
    ...listColumns('d', 'number', ['roomId']),
    ...listColumns('d', 'timestamp', TIMESTAMPS),
  },
  selectable: ['id', 'name', 'value', 'roomId', 'botId', 'createdAt', 'updatedAt'],
  defaultSort: ['name'],
  idSql: 'd.id',
};
