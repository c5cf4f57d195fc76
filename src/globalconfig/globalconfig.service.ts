import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { GlobalConfigCreateDto, GlobalConfigPatchDto } from './dto/globalconfig-body.dto';
import { GlobalConfigEntity } from './globalconfig.entity';
import { GlobalConfigRepository } from './globalconfig.repository';
import { mayAdminister } from '../writers/policy';

const SHAPE: RecordShape = { collection: '/v1/globalconfig', noun: 'globalconfig', hidden: [] };

/** A global config item as the API answers: nulls omitted, apiLinks added. */
export type GlobalConfigView = Presented<GlobalConfigEntity>;

/** Global config: any signed-in user reads, admins write. */
@Injectable()
export class GlobalConfigService {
  constructor(private readonly repo: GlobalConfigRepository) {}

  async list(): Promise<GlobalConfigView[]> {
    return (await this.repo.list()).map((row) => present(row));
  }

  async get(key: string): Promise<GlobalConfigView> {
    return present(await this.find(key));
  }

  /** The value of a key, or undefined when it is not set (for the web pages). */
  async valueOf(key: string): Promise<string | undefined> {
    return (await this.repo.findByKey(key))?.value ?? undefined;
  }

  async create(caller: AuthenticatedUser, body: GlobalConfigCreateDto): Promise<GlobalConfigView> {
    assertAdmin(caller);
    return present(await this.repo.insert(body.key, body.value ?? null));
  }

  async patch(caller: AuthenticatedUser, key: string, body: GlobalConfigPatchDto): Promise<GlobalConfigView> {
    assertAdmin(caller);
    const row = await this.find(key);
    if (body.key !== undefined) row.key = body.key;
    if (body.value !== undefined) row.value = body.value;
    return present(await this.repo.save(row));
  }

  async remove(caller: AuthenticatedUser, key: string): Promise<GlobalConfigView> {
    assertAdmin(caller);
    const row = await this.find(key);
    await this.repo.delete(row.id);
    return present(row, true);
  }

  private async find(key: string): Promise<GlobalConfigEntity> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'GlobalConfig', value: key });
    return row;
  }
}

function assertAdmin(caller: AuthenticatedUser): void {
  if (!mayAdminister(caller)) throw new ForbiddenError({ message: 'Forbidden', source: 'GlobalConfig', description: 'Only admins may change global config.' });
}

function present(row: GlobalConfigEntity, deleted = false): GlobalConfigView {
  return presentRecord(row, SHAPE, deleted);
}
