import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { SchemaValidationError } from '../common/errors/api-errors';
import { queryValue } from '../common/list-query';
import type { RoomContextRepository } from './room-context.repository';
import { isRoomToken } from '../writers/policy';

const NO_BOT = '00000000-0000-0000-0000-000000000000';

/**
 * The list query of bot actions, bot data or events with `roomId` and `botId` given by id or
 * name turned into ids (an unknown one matches nothing), `botId` required when `botRequired`,
 * and a room token held to its room (another room → 403; no room → its room).
 */
export async function roomListQuery(
  caller: AuthenticatedUser,
  query: Record<string, unknown>,
  ctx: RoomContextRepository,
  botRequired: boolean,
): Promise<Record<string, unknown>> {
  const out = { ...query };
  if (query.botId === undefined && botRequired) {
    throw new SchemaValidationError({ message: 'Missing required parameter: botId', source: 'botId', description: 'botId (bot id or name) is required.' });
  }
  if (query.botId !== undefined) out.botId = (await ctx.findBot(queryValue('botId', query.botId)))?.id ?? NO_BOT;
  if (query.roomId !== undefined) out.roomId = String((await ctx.findRoom(queryValue('roomId', query.roomId)))?.id ?? -1);
  if (isRoomToken(caller)) {
    if (out.roomId !== undefined) assertInRoom(caller, out.roomId as string);
    out.roomId = caller.tokenBoundId;
  }
  return out;
}
