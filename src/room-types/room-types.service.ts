import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError } from '../common/errors/api-errors';
import { listRecords, ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { RoomTypeBodyDto, RoomTypePatchDto } from './dto/room-type-body.dto';
import { assertRules } from './helpers/rules';
import { RoomTypeRow, RoomTypesRepository, RoomTypeValues } from './room-types.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/roomTypes', noun: 'roomType', hidden: ['ownerId'] };
const LIST: ListSpec = {
  source: 'RoomType',
  columns: { ...listColumns('t', 'string', ['name']), ...listColumns('t', 'boolean', ['isEnabled']), ...listColumns('t', 'timestamp', TIMESTAMPS) },
  selectable: ['id', 'name', 'isEnabled', 'settings', 'rules', 'bots', 'createdAt', 'updatedAt', 'user', 'owner'],
  defaultSort: ['name'],
  idSql: 't.id',
};

/** Room types: CRUD, rules checked, bots checked. */
@Injectable()
export class RoomTypesService {
  constructor(private readonly repo: RoomTypesRepository) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<RoomTypeResponse>>> {
    return listRecords(query, LIST, (q) => this.repo.list(q), present);
  }

  async get(key: string): Promise<RoomTypeResponse> {
    return present(await this.find(key));
  }

  async create(caller: AuthenticatedUser, body: RoomTypeBodyDto): Promise<RoomTypeResponse> {
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const values = await this.checked({ name: body.name, isEnabled: body.isEnabled ?? false, settings: body.settings ?? null, rules: body.rules ?? [], bots: body.bots ?? [], ownerId });
    return present(await this.find(await this.repo.insert(values, caller.id)));
  }

  async patch(caller: AuthenticatedUser, key: string, body: RoomTypePatchDto, override: boolean): Promise<RoomTypeResponse> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'RoomType');
    const { name, isEnabled, settings, rules, bots } = existing;
    const given = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'owner'));
    const values = await this.checked({ name, isEnabled, settings, rules, bots, ...given, ownerId });
    await this.repo.update(existing.id, values);
    return present(await this.find(existing.id));
  }

  async remove(key: string): Promise<RoomTypeResponse> {
    const existing = await this.find(key);
    await this.repo.delete(existing.id, existing.name);
    return presentRecord(existing, SHAPE, true);
  }

  private async checked(values: RoomTypeValues): Promise<RoomTypeValues> {
    assertRules(values.rules);
    return { ...values, bots: await this.repo.botNames(values.bots) };
  }

  private async find(key: string): Promise<RoomTypeRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'RoomType', value: key });
    return row;
  }
}

/** A room type as the API answers it. */
export type RoomTypeResponse = Presented<RoomTypeRow, 'ownerId'>;

function present(row: RoomTypeRow): RoomTypeResponse {
  return presentRecord(row, SHAPE);
}
