import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, lowerNames, nameIn } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { CollectorEntity } from '../collectors/collector.entity';
import { CollectorGroupEntity } from './collector-group.entity';

/** A group read back with its members and creator. */
export type CollectorGroupRow = CollectorGroupEntity & {
  user: UserSummary | null;
  collectors: { id: string; name: string; status: string; lastHeartbeat: string | null }[];
};

/** Its members by name (any case), each `{id, name, status, lastHeartbeat}`. */
const MEMBERS = `COALESCE((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'status', m.status,
    'lastHeartbeat', m.last_heartbeat) ORDER BY lower(m.name))
  FROM collectors m WHERE m.collector_group_id = g.id), '[]'::json)`;

/** Collector groups in PostgreSQL; membership is `collectors.collector_group_id`. */
@Injectable()
export class CollectorGroupsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column, the creator and the members embedded. */
  private select() {
    return selectEntityColumns(this.db, CollectorGroupEntity, 'g')
      .addSelect(embeddedUserSql('u'), 'user')
      .addSelect(MEMBERS, 'collectors')
      .leftJoin('users', 'u', 'u.id = g.created_by');
  }

  list(q: ListQuery): Promise<RowsAndTotal<CollectorGroupRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string): Promise<CollectorGroupRow | null> {
    const cond = keyCondition(key, 'g.id', 'g.name', 'key');
    return (await this.select().where(cond.sql, { key: cond.param }).getRawOne<CollectorGroupRow>()) ?? null;
  }

  async insert(name: string, description: string | null, createdBy: string): Promise<string> {
    return this.write(name, () =>
      insertReturningId(this.db, CollectorGroupEntity, { name, description, createdBy }),
    );
  }

  async update(id: string, name: string, description: string | null): Promise<void> {
    await this.write(name, () =>
      this.db
        .createQueryBuilder()
        .update(CollectorGroupEntity)
        .set(entityValues<CollectorGroupEntity>({ name, description, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(CollectorGroupEntity).where('id = :id', { id }).execute();
  }

  /** The collectors with these names (any case): id, name and group. */
  collectorsNamed(names: string[]): Promise<{ id: string; name: string; groupId: string | null }[]> {
    return this.db
      .createQueryBuilder(CollectorEntity, 'c')
      .select('c.id', 'id')
      .addSelect('c.name', 'name')
      .addSelect('c.collectorGroupId', 'groupId')
      .where(nameIn('c.name', 'names'), { names: lowerNames(names) })
      .getRawMany();
  }

  async setGroupOf(collectorIds: string[], groupId: string | null): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set(entityValues<CollectorEntity>({ collectorGroupId: groupId, updatedAt: () => 'now()' }))
      .where('id = ANY(:collectorIds::uuid[])', { collectorIds })
      .execute();
  }

  async clearMembers(groupId: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set(entityValues<CollectorEntity>({ collectorGroupId: null, updatedAt: () => 'now()' }))
      .where('collector_group_id = :groupId', { groupId })
      .execute();
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A collector group named "${name}" already exists.`, source: 'CollectorGroup', value: name }) },
      run,
    );
  }
}
