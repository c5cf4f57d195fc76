import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import type { RoomTypeBodyDto, RoomTypePatchDto } from './dto/room-type-body.dto';
import { assertRules } from './helpers/rules';
import { RoomTypeRow, RoomTypesRepository, RoomTypeValues } from './room-types.repository';
import { ROOM_TYPE_LIST_SPEC } from './room-types.list';
import { presentRoomType, RoomTypeResponse } from './room-type.presenter';
import { BotNames } from '../bots/bot-names';

/** Room types: CRUD, rules checked, bots checked. */
@Injectable()
export class RoomTypesService {
  constructor(
    private readonly repo: RoomTypesRepository,
    private readonly botNames: BotNames,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<RoomTypeResponse>>> {
    return listRecords(query, ROOM_TYPE_LIST_SPEC, (q) => this.repo.list(q), presentRoomType);
  }

  async get(key: string): Promise<RoomTypeResponse> {
    return presentRoomType(await this.find(key));
  }

  async create(caller: AuthenticatedUser, body: RoomTypeBodyDto): Promise<RoomTypeResponse> {
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const values = await this.checked({ name: body.name, isEnabled: body.isEnabled ?? false, settings: body.settings ?? null, rules: body.rules ?? [], bots: body.bots ?? [], ownerId });
    return presentRoomType(await this.find(await this.repo.insert(values, caller.id)));
  }

  async patch(caller: AuthenticatedUser, key: string, body: RoomTypePatchDto, override: boolean): Promise<RoomTypeResponse> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'RoomType');
    const { name, isEnabled, settings, rules, bots } = existing;
    const given = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'owner'));
    const values = await this.checked({ name, isEnabled, settings, rules, bots, ...given, ownerId });
    await this.repo.update(existing.id, values);
    return presentRoomType(await this.find(existing.id));
  }

  async remove(key: string): Promise<RoomTypeResponse> {
    const existing = await this.find(key);
    await this.repo.delete(existing.id, existing.name);
    return presentRoomType(existing, true);
  }

  private async checked(values: RoomTypeValues): Promise<RoomTypeValues> {
    assertRules(values.rules);
    return { ...values, bots: await this.botNames.canonical(values.bots, 'bots') };
  }

  private async find(key: string): Promise<RoomTypeRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'RoomType', value: key });
    return row;
  }
}
