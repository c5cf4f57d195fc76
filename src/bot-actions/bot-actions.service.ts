import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import type { BotRef, RoomRef } from '../bots/room-context.repository';
import { RoomContextRepository } from '../bots/room-context.repository';
import { roomListQuery } from '../bots/room-list';
import { BotFeed } from '../bots/realtime/bot-feed';
import type { BotActionBodyDto, BotActionPatchDto } from './dto/bot-action-body.dto';
import { BotActionRow, BotActionsRepository, BotActionValues } from './bot-actions.repository';
import { BOT_ACTION_LIST_SPEC } from './bot-actions.list';
import { BotActionResponse, presentBotAction } from './bot-action.presenter';

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
    return listRecords(q, BOT_ACTION_LIST_SPEC, (l) => this.repo.list(l), presentBotAction);
  }

  async get(caller: AuthenticatedUser, id: string): Promise<BotActionResponse> {
    const row = await this.find(id);
    assertInRoom(caller, row.roomId);
    return presentBotAction(row);
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
    this.feed.publish(room, 'bot.action.add', presentBotAction(row), bot.id);
    return presentBotAction(row);
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
    return presentBotAction(row);
  }

  async remove(caller: AuthenticatedUser, id: string): Promise<BotActionResponse> {
    const existing = await this.find(id);
    assertInRoom(caller, existing.roomId);
    await this.repo.delete(existing.id);
    return presentBotAction(existing, true);
  }

  private async announce(row: BotActionRow, name: 'bot.action.update'): Promise<void> {
    const room = (await this.ctx.findRoom(row.roomId)) as RoomRef;
    this.feed.publish(room, name, presentBotAction(row), row.botId);
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
