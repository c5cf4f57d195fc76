import type { AuthenticatedUser } from '../../auth/caller';
import { assertInRoom } from '../../auth/room-scope.decorator';
import { ApiError, ValidationError } from '../../common/errors/api-errors';
import type { RoomContextRepository, RoomRef } from '../../bots/room-context.repository';
import type { EventBodyDto } from '../dto/event-body.dto';
import type { EventBulkError, EventsRepository, EventValues } from '../events.repository';

/** An event ready to insert, with its room (for the feed). */
export interface ResolvedEvent {
  values: EventValues;
  room: RoomRef | null;
}

/**
 * Turns events as sent into rows: room and bot by id or name, botDataId, botActionId and userId
 * checked to exist, a room token held to its room. Each refused item becomes an error (its
 * index), or is thrown when `collectErrors` is false.
 */
export async function resolveEvents(
  caller: AuthenticatedUser,
  items: EventBodyDto[],
  ctx: RoomContextRepository,
  repo: EventsRepository,
  collectErrors = true,
): Promise<{ resolved: ResolvedEvent[]; errors: EventBulkError[] }> {
  const ids = (pick: (e: EventBodyDto) => string | undefined) => [...new Set(items.map(pick).filter((v): v is string => !!v))];
  const [data, actions, users] = await Promise.all([
    repo.existing('bot_data', ids((e) => e.botDataId)),
    repo.existing('bot_actions', ids((e) => e.botActionId)),
    repo.existing('users', ids((e) => e.userId)),
  ]);
  const resolved: ResolvedEvent[] = [];
  const errors: EventBulkError[] = [];
  for (const [index, e] of items.entries()) {
    try {
      const room = e.roomId === undefined || e.roomId === null ? null : await ctx.room(e.roomId);
      assertInRoom(caller, room?.id ?? null);
      const bot = e.botId ? await ctx.bot(e.botId) : null;
      const missing = ([['botDataId', data], ['botActionId', actions], ['userId', users]] as const).find(([k, set]) => e[k] && !set.has(e[k].toLowerCase()));
      if (missing) throw new ValidationError({ message: `${missing[0]} does not reference an existing record.`, source: missing[0], value: e[missing[0]] });
      const values: EventValues = {
        log: e.log,
        actionType: e.actionType ?? null,
        context: e.context ?? null,
        roomId: room?.id ?? null,
        botId: bot?.id ?? null,
        botDataId: e.botDataId ?? null,
        botActionId: e.botActionId ?? null,
        userId: e.userId ?? caller.id,
      };
      resolved.push({ values, room });
    } catch (err) {
      if (!(err instanceof ApiError) || !collectErrors) throw err;
      errors.push({ index, type: err.items[0].type, message: err.items[0].message });
    }
  }
  return { resolved, errors };
}
