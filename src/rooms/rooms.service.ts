import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { isUuid } from '../common/key';
import { listRecords } from '../common/list-query';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import { BotFeed } from '../bots/realtime/bot-feed';
import type { RoomBodyDto, RoomPatchDto } from './dto/room-body.dto';
import { RoomRow, RoomsRepository, RoomTypeDefaults, RoomValues } from './rooms.repository';
import { ROOM_LIST_SPEC } from './rooms.list';
import { DeletedRoomResponse, presentDeletedRoom, presentRoom, RoomResponse } from './room.presenter';
import { BotNames } from '../bots/bot-names';

/** Rooms: CRUD; new rooms take the type's settings and bots; settings changes reach the room's bots. */
@Injectable()
export class RoomsService {
  constructor(
    private readonly repo: RoomsRepository,
    private readonly botNames: BotNames,
    private readonly feed: BotFeed,
  ) {}

  async list(query: Record<string, unknown>): Promise<ListPage<Partial<RoomResponse>>> {
    // `type` may be given by name: filter on the id it names (an unknown name matches nothing).
    const type = query.type;
    if (typeof type === 'string' && !isUuid(type) && !type.includes('*')) {
      query = { ...query, type: (await this.repo.findType(type))?.id ?? '00000000-0000-0000-0000-000000000000' };
    }
    return listRecords(query, ROOM_LIST_SPEC, (q) => this.repo.list(q), presentRoom);
  }

  async get(caller: AuthenticatedUser, key: string): Promise<RoomResponse> {
    const room = await this.find(key);
    assertInRoom(caller, room.id);
    return presentRoom(room);
  }

  async create(caller: AuthenticatedUser, body: RoomBodyDto): Promise<RoomResponse> {
    const type = await this.type(body.type);
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const values: RoomValues = {
      name: body.name,
      type: type.id,
      externalId: body.externalId ?? null,
      origin: body.origin ?? 'other',
      settings: isEmpty(body.settings) ? type.settings : body.settings,
      active: body.active ?? false,
      bots: await this.botNames.canonical(body.bots?.length ? body.bots : type.bots, 'bots'),
      ownerId,
    };
    const room = await this.find(String(await this.repo.insert(values, caller.id)));
    this.feed.publish(room, 'bot.namespace.initialize', presentRoom(room));
    return presentRoom(room);
  }

  async patch(caller: AuthenticatedUser, key: string, body: RoomPatchDto, override: boolean): Promise<RoomResponse> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'Room');
    const { name, type, externalId, origin, settings, active, bots } = existing;
    const values: RoomValues = { name, type, externalId, origin, settings, active, bots, ownerId };
    if (body.name !== undefined) values.name = body.name;
    if (body.type !== undefined) values.type = (await this.type(body.type)).id;
    if (body.externalId !== undefined) values.externalId = body.externalId;
    if (body.origin !== undefined) values.origin = body.origin;
    if (body.settings !== undefined) values.settings = body.settings;
    if (body.active !== undefined) values.active = body.active;
    if (body.bots !== undefined) values.bots = await this.botNames.canonical(body.bots, 'bots');
    await this.repo.update(existing.id, values);
    const room = await this.find(String(existing.id));
    if (!isDeepStrictEqual(existing.settings, room.settings)) this.feed.publish(room, 'room.settingsChanged', presentRoom(room));
    return presentRoom(room);
  }

  async remove(key: string): Promise<DeletedRoomResponse> {
    const existing = await this.find(key);
    await this.repo.delete(existing.id);
    return presentDeletedRoom(existing);
  }

  /** The room with that id or name; 404 when unknown. */
  async find(key: string): Promise<RoomRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Room', value: key });
    return row;
  }

  private async type(key: string): Promise<RoomTypeDefaults> {
    const type = await this.repo.findType(key);
    if (!type) throw new ValidationError({ message: `Room type ${key} does not exist.`, source: 'type', value: key, description: 'type must name an existing room type.' });
    return type;
  }
}

function isEmpty(settings: Record<string, unknown> | undefined): boolean {
  return !settings || Object.keys(settings).length === 0;
}
