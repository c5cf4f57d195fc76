import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import { translatingViolations } from '../database/database-errors';
import { GlobalConfigEntity } from './globalconfig.entity';

/** Queries on global_config. Keys compare exactly, ignoring case. */
@Injectable()
export class GlobalConfigRepository {
  constructor(@InjectRepository(GlobalConfigEntity) private readonly repo: Repository<GlobalConfigEntity>) {}

  list(): Promise<GlobalConfigEntity[]> {
    return this.repo.find({ order: { key: 'ASC' } });
  }

  /** By id (UUID) or by key, exactly, ignoring case. */
  findByKey(key: string): Promise<GlobalConfigEntity | null> {
    const c = keyCondition(key, 'g.id', 'g.key', 'key');
    return this.repo.createQueryBuilder('g').where(c.sql, { key: c.param }).getOne();
  }

  async insert(key: string, value: string | null): Promise<GlobalConfigEntity> {
    return translatingViolations({ unique: () => duplicateKey(key) }, () => this.repo.save(this.repo.create({ key, value })));
  }

  async save(row: GlobalConfigEntity): Promise<GlobalConfigEntity> {
    return translatingViolations({ unique: () => duplicateKey(row.key) }, () => this.repo.save(row));
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}

function duplicateKey(key: string): DuplicateResourceError {
  return new DuplicateResourceError({ message: 'A global config item with this key exists.', source: 'GlobalConfig', value: key });
}
