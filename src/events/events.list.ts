import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/events`: `type` is the context's; `botId` and `roomId` arrive as ids (src/bots/room-list.ts). */
export const EVENT_LIST_SPEC: ListSpec = {
  source: 'Event',
  columns: {
    ...listColumns('e', 'string', ['actionType', 'log']),
    type: { sql: "(e.context->>'type')", kind: 'string' },
    botId: { sql: 'e.bot_id::text', kind: 'string' },
    botDataId: { sql: 'e.bot_data_id::text', kind: 'string' },
    botActionId: { sql: 'e.bot_action_id::text', kind: 'string' },
    userId: { sql: 'e.user_id::text', kind: 'string' },
    ...listColumns('e', 'number', ['roomId']),
    ...listColumns('e', 'timestamp', TIMESTAMPS),
  },
  selectable: ['id', 'log', 'actionType', 'context', 'roomId', 'botId', 'botDataId', 'botActionId', 'userId', 'createdAt', 'updatedAt'],
  defaultSort: ['createdAt'],
  idSql: 'e.id',
};
