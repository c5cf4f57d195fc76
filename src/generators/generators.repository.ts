import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { isUuid } from '../common/key';
import { keyCondition, lowerNames, nameIn } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { CollectorGroupEntity } from '../collector-groups/collector-group.entity';
import { GeneratorEntity } from './generator.entity';

/** The writable columns of a generator, as the service computes them. */
export type GeneratorValues = Pick<
  GeneratorEntity,
  | 'name'
  | 'description'
  | 'helpEmail'
  | 'helpUrl'
  | 'aspects'
  | 'subjectQuery'
  | 'templateName'
  | 'templateVersion'
  | 'context'
  | 'secretContext'
  | 'intervalSecs'
  | 'collectorGroupId'
  | 'isActive'
  | 'tags'
>;

/** A generator read back (every column but `assignedAt`) with its template, group, collector and creator. */
export type GeneratorRow = Omit<GeneratorEntity, 'assignedAt'> & {
  generatorTemplate: { name: string; version: string };
  collectorGroup: string | null;
  currentCollector: { id: string; name: string; status: string } | null;
  user: UserSummary | null;
};

/** Generators in PostgreSQL. */
@Injectable()
export class GeneratorsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but `assignedAt`, with the template `{name, version}`, the group's name, the collector and the creator. */
  private select() {
    return selectEntityColumns(this.db, GeneratorEntity, 'g', ['assignedAt'])
      .addSelect("json_build_object('name', g.template_name, 'version', g.template_version)", 'generatorTemplate')
      .addSelect('cg.name', 'collectorGroup')
      .addSelect("CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'status', c.status) END", 'currentCollector')
      .addSelect(embeddedUserSql('u'), 'user')
      .leftJoin('collector_groups', 'cg', 'cg.id = g.collector_group_id')
      .leftJoin('collectors', 'c', 'c.id = g.collector_id')
      .leftJoin('users', 'u', 'u.id = g.created_by');
  }

  list(q: ListQuery): Promise<RowsAndTotal<GeneratorRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string): Promise<GeneratorRow | null> {
    const cond = keyCondition(key, 'g.id', 'g.name', 'key');
    return (await this.select().where(cond.sql, { key: cond.param }).getRawOne<GeneratorRow>()) ?? null;
  }

  findByIds(ids: string[]): Promise<GeneratorRow[]> {
    return this.select().where('g.id = ANY(:ids::uuid[])', { ids }).orderBy('lower(g.name)').getRawMany<GeneratorRow>();
  }

  /** Aspects by name (any case) with their writer ids. */
  aspectsNamed(names: string[]): Promise<{ name: string; writerIds: string[] }[]> {
    return this.db
      .createQueryBuilder()
      .select('a.name', 'name')
      .addSelect("COALESCE((SELECT array_agg(w.user_id::text) FROM aspect_writers w WHERE w.aspect_id = a.id), '{}'::text[])", 'writerIds')
      .from('aspects', 'a')
      .where(nameIn('a.name', 'names'), { names: lowerNames(names) })
      .getRawMany();
  }

  /** The id of a collector group by name (any case) or id, or null. */
  async groupId(key: string): Promise<string | null> {
    const cond = keyCondition(key, 'cg.id', 'cg.name', 'key');
    const row = await this.db
      .createQueryBuilder(CollectorGroupEntity, 'cg')
      .select('cg.id', 'id')
      .where(cond.sql, { key: cond.param })
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  async insert(v: GeneratorValues, createdBy: string): Promise<string> {
    return this.write(v.name, () =>
      insertReturningId(this.db, GeneratorEntity, entityValues<GeneratorEntity>({ ...v, createdBy })),
    );
  }

  /** Writes the new values and bumps the revision the collector compares. */
  async update(id: string, v: GeneratorValues): Promise<void> {
    await this.write(v.name, () =>
      this.db
        .createQueryBuilder()
        .update(GeneratorEntity)
        .set(entityValues<GeneratorEntity>({ ...v, revision: () => 'revision + 1', updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(GeneratorEntity).where('id = :id', { id }).execute();
  }

  /**
   * A generator token's bulk upsert is allowed when its generator exists, is active and runs on
   * a Running collector; the upsert is then recorded. One statement (the check and the stamp
   * cannot be split by a stop); false when refused.
   */
  async recordUpsert(generatorId: string): Promise<boolean> {
    if (!isUuid(generatorId)) return false;
    const result = await this.db
      .createQueryBuilder()
      .update(GeneratorEntity)
      .set(entityValues<GeneratorEntity>({ lastUpsertAt: () => 'now()' }))
      .where('id = :generatorId AND is_active', { generatorId })
      .andWhere("EXISTS (SELECT 1 FROM collectors c WHERE c.id = generators.collector_id AND c.status = 'Running')")
      .execute();
    return (result.affected ?? 0) > 0;
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A generator named "${name}" already exists.`, source: 'Generator', value: name }) },
      run,
    );
  }
}
