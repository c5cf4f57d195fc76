import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/botActions`: `botId` and `roomId` arrive as ids (src/bots/room-list.ts). */
export const BOT_ACTION_LIST_SPEC: ListSpec = {
  source: 'BotAction',
  columns: {
    ...listColumns('a', 'string', ['name']),
    botId: { sql: 'a.bot_id::text', kind: 'string' },
    ...listColumns('a', 'number', ['roomId']),
    ...listColumns('a', 'boolean', ['isPending']),
    ...listColumns('a', 'timestamp', TIMESTAMPS),
  },
  selectable: ['id', 'name', 'roomId', 'botId', 'isPending', 'parameters', 'response', 'actionLog', 'userId', 'createdAt', 'updatedAt'],
  defaultSort: ['createdAt'],
  idSql: 'a.id',
};
