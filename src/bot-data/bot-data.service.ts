import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { NotFoundError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import { RoomContextRepository, RoomRef } from '../bots/room-context.repository';
import { roomListQuery } from '../bots/room-list';
import { BotEventName, BotFeed } from '../bots/realtime/bot-feed';
import type { BotDataBodyDto, BotDataPatchDto } from './dto/bot-data-body.dto';
import { BotDataRepository, BotDataRow } from './bot-data.repository';
import { BOT_DATA_LIST_SPEC } from './bot-data.list';
import { BotDataResponse, presentBotData } from './bot-data.presenter';
import { mergeBotDataValue } from './helpers/merge-value';

/** The result of an upsert: the record, and whether it was created (201) or updated (200). */
export interface UpsertResult {
  created: boolean;
  record: BotDataResponse;
}

/** Bot data: a bot's named strings per room; upsert merges JSON objects; changes reach that bot's sockets. */
@Injectable()
export class BotDataService {
  constructor(
    private readonly repo: BotDataRepository,
    private readonly ctx: RoomContextRepository,
    private readonly feed: BotFeed,
  ) {}

  async list(caller: AuthenticatedUser, query: Record<string, unknown>, botRequired = true): Promise<ListPage<Partial<BotDataResponse>>> {
    const q = await roomListQuery(caller, query, this.ctx, botRequired);
    return listRecords(q, BOT_DATA_LIST_SPEC, (l) => this.repo.list(l), presentBotData);
  }

  /** `GET /v1/rooms/{roomId}/data` and `/v1/rooms/{roomId}/bots/{botId}/data`. */
  async ofRoom(caller: AuthenticatedUser, roomKey: string, botKey: string | undefined, query: Record<string, unknown>): Promise<ListPage<Partial<BotDataResponse>>> {
    const room = await this.ctx.findRoom(roomKey);
    if (!room) throw new NotFoundError({ source: 'Room', value: roomKey });
    if (botKey !== undefined && !(await this.ctx.findBot(botKey))) throw new NotFoundError({ source: 'Bot', value: botKey });
    return this.list(caller, { ...query, roomId: String(room.id), ...(botKey === undefined ? {} : { botId: botKey }) }, false);
  }

  async get(caller: AuthenticatedUser, id: string): Promise<BotDataResponse> {
    const row = await this.find(id);
    assertInRoom(caller, row.roomId);
    return presentBotData(row);
  }

  async create(caller: AuthenticatedUser, body: BotDataBodyDto): Promise<BotDataResponse> {
    const { room, botId } = await this.refs(caller, body);
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const id = await this.repo.insert({ name: body.name, value: body.value ?? '', roomId: room.id, botId, ownerId }, caller.id);
    return this.announce(room, await this.find(id), 'bot.data.add');
  }

  /** Exists (name any case, room, bot) → value merged, 200; new → 201. */
  async upsert(caller: AuthenticatedUser, body: BotDataBodyDto): Promise<UpsertResult> {
    const { room, botId } = await this.refs(caller, body);
    const existing = await this.repo.findByName(body.name, room.id, botId);
    if (!existing) return { created: true, record: await this.create(caller, body) };
    const value = mergeBotDataValue(existing.value, body.value ?? '');
    await this.repo.update(existing.id, { ...existing, value });
    return { created: false, record: await this.announce(room, await this.find(existing.id), 'bot.data.update') };
  }

  async patch(caller: AuthenticatedUser, id: string, body: BotDataPatchDto, override: boolean): Promise<BotDataResponse> {
    const existing = await this.find(id);
    assertInRoom(caller, existing.roomId);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'BotData');
    await this.repo.update(existing.id, { ...existing, name: body.name ?? existing.name, value: body.value ?? existing.value, ownerId });
    const room = (await this.ctx.findRoom(existing.roomId)) as RoomRef;
    return this.announce(room, await this.find(existing.id), 'bot.data.update');
  }

  async remove(caller: AuthenticatedUser, id: string): Promise<BotDataResponse> {
    const existing = await this.find(id);
    assertInRoom(caller, existing.roomId);
    await this.repo.delete(existing.id);
    return presentBotData(existing, true);
  }

  private async refs(caller: AuthenticatedUser, body: BotDataBodyDto): Promise<{ room: RoomRef; botId: string }> {
    const room = await this.ctx.room(body.roomId);
    assertInRoom(caller, room.id);
    return { room, botId: (await this.ctx.bot(body.botId)).id };
  }

  private announce(room: RoomRef, row: BotDataRow, name: BotEventName): BotDataResponse {
    const view = presentBotData(row);
    this.feed.publish(room, name, view, row.botId);
    return view;
  }

  private async find(id: string): Promise<BotDataRow> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError({ source: 'BotData', value: id });
    return row;
  }
}
