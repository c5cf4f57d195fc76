import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords, ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { BotRef, RoomRef } from '../bots/room-context.repository';
import { RoomContextRepository } from '../bots/room-context.repository';
import { roomListQuery } from '../bots/room-list';
import { BotFeed } from '../bots/realtime/bot-feed';
import type { BotActionBodyDto, BotActionPatchDto } from './dto/bot-action-body.dto';
import { BotActionRow, BotActionsRepository, BotActionValues } from './bot-actions.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/botActions', noun: 'botAction', hidden: ['ownerId'] };
const LIST: ListSpec = {
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
/** A bot action as the API answers it. */
export type BotActionResponse = Presented<BotActionRow, 'ownerId'>;

/** Bot actions: asked of a bot in a room, answered by the bot; each change reaches that bot's sockets. */
@Injectable()
export class BotActionsService {
  constructor(
    private readonly repo: BotActionsRepository,
    private readonly ctx: RoomContextRepository,
    private readonly feed: BotFeed,
  ) {}

  async list(caller: AuthenticatedUser, query: Record<string, unknown>): Promise<ListPage<Partial<BotActionResponse>>> {
    const q = await roomListQuery(caller, query, this.ctx, true);
    return listRecords(q, LIST, (l) => this.repo.list(l), present);
  }

  async get(caller: AuthenticatedUser, id: string): Promise<BotActionResponse> {
    const row = await this.find(id);
    assertInRoom(caller, row.roomId);
    return present(row);
  }

  async create(caller: AuthenticatedUser, body: BotActionBodyDto): Promise<BotActionResponse> {
    const room = await this.ctx.room(body.roomId);
    assertInRoom(caller, room.id);
    const bot = await this.ctx.bot(body.botId);
    assertParameters(bot, body.name, body.parameters);
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const values: BotActionValues = {
      name: body.name,
      roomId: room.id,
      botId: bot.id,
      isPending: body.isPending ?? true,
      parameters: body.parameters ?? null,
      response: body.response ?? null,
      actionLog: body.actionLog ?? null,
      ownerId,
    };
    const row = await this.find(await this.repo.insert(values, caller.id));
    this.feed.publish(room, 'bot.action.add', present(row), bot.id);
    return present(row);
  }

  async patch(caller: AuthenticatedUser, id: string, body: BotActionPatchDto, override: boolean): Promise<BotActionResponse> {
    const existing = await this.find(id);
    assertInRoom(caller, existing.roomId);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'BotAction');
    const given = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'owner'));
    const values: BotActionValues = { ...valuesOf(existing), ...given, ownerId };
    if (body.name !== undefined || body.parameters !== undefined) {
      const bot = (await this.ctx.findBot(existing.botId)) as BotRef;
      assertParameters(bot, values.name, values.parameters);
    }
    await this.repo.update(existing.id, values);
    const row = await this.find(existing.id);
    await this.announce(row, 'bot.action.update');
    return present(row);
  }

  async remove(caller: AuthenticatedUser, id: string): Promise<BotActionResponse> {
    const existing = await this.find(id);
    assertInRoom(caller, existing.roomId);
    await this.repo.delete(existing.id);
    return presentRecord(existing, SHAPE, true);
  }

  private async announce(row: BotActionRow, name: 'bot.action.update'): Promise<void> {
    const room = (await this.ctx.findRoom(row.roomId)) as RoomRef;
    this.feed.publish(room, name, present(row), row.botId);
  }

  private async find(id: string): Promise<BotActionRow> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError({ source: 'BotAction', value: id });
    return row;
  }
}

/** The name must be one of the bot's actions; an action that declares parameters needs as many. */
function assertParameters(bot: BotRef, name: string, parameters: unknown): void {
  const action = bot.actions.find((a) => a.name === name);
  if (!action) {
    throw new ValidationError({ message: `Action ${name} is not an action of bot ${bot.name}.`, source: 'name', value: name, description: "name must be one of the bot's actions." });
  }
  const declared = action.parameters?.length ?? 0;
  if (!declared) return;
  const sent = Array.isArray(parameters) ? parameters.length : -1;
  if (sent !== declared) {
    throw new ValidationError({ message: `Action ${name} takes ${declared} parameters.`, source: 'parameters', value: sent < 0 ? '' : sent, description: 'Send as many parameters as the action declares.' });
  }
}

function valuesOf(r: BotActionRow): BotActionValues {
  const { name, roomId, botId, isPending, parameters, response, actionLog, ownerId } = r;
  return { name, roomId, botId, isPending, parameters, response, actionLog, ownerId };
}

function present(row: BotActionRow): BotActionResponse {
  return presentRecord(row, SHAPE);
}
