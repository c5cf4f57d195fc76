import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, nameEquals } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { KIND_TABLES, ResourceKind } from '../writers/resource-kind';
import { GeneratorTemplateEntity } from './generator-template.entity';
import type { TemplateValues } from './template-rules';

/** A template read back, with its creator embedded. */
export type TemplateRow = GeneratorTemplateEntity & { user: UserSummary | null };

/** The writers' ORDER BY for a template name (alias `r`): the highest version first. */
const HIGHEST_FIRST = KIND_TABLES[ResourceKind.GeneratorTemplate]
  .keyOrder!.map(([sql, direction]) => `${sql} ${direction}`)
  .join(', ');

/** Generator templates in PostgreSQL. */
@Injectable()
export class GeneratorTemplatesRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column, with the creator embedded. */
  private select() {
    return selectEntityColumns(this.db, GeneratorTemplateEntity, 't')
      .addSelect(embeddedUserSql('u'), 'user')
      .leftJoin('users', 'u', 'u.id = t.created_by');
  }

  list(q: ListQuery): Promise<RowsAndTotal<TemplateRow>> {
    return listPageOf(this.select(), q);
  }

  /**
   * By id, or by name (any case): then the highest version, in the order the writers check
   * uses for the same key (so both mean the same template).
   */
  async findByKey(key: string): Promise<TemplateRow | null> {
    const cond = keyCondition(key, 'r.id', 'r.name', 'key');
    const row = await this.select()
      .where(`t.id = (SELECT r.id FROM generator_templates r WHERE ${cond.sql} ORDER BY ${HIGHEST_FIRST} LIMIT 1)`, { key: cond.param })
      .getRawOne<TemplateRow>();
    return row ?? null;
  }

  async findByNameVersion(name: string, version: string): Promise<TemplateRow | null> {
    const row = await this.select().where(`${nameEquals('t.name', 'name')} AND t.version = :version`, { name, version }).getRawOne<TemplateRow>();
    return row ?? null;
  }

  /** Every version of a template name (any case), published only when asked. */
  versionsOf(name: string, publishedOnly: boolean): Promise<TemplateRow[]> {
    const qb = this.select().where(nameEquals('t.name', 'name'), { name });
    if (publishedOnly) qb.andWhere('t.is_published');
    return qb.getRawMany<TemplateRow>();
  }

  async insert(v: TemplateValues, createdBy: string): Promise<string> {
    return this.write(v, () =>
      insertReturningId(this.db, GeneratorTemplateEntity, entityValues<GeneratorTemplateEntity>({ ...v, createdBy })),
    );
  }

  async update(id: string, v: TemplateValues): Promise<void> {
    await this.write(v, () =>
      this.db
        .createQueryBuilder()
        .update(GeneratorTemplateEntity)
        .set(entityValues<GeneratorTemplateEntity>({ ...v, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(GeneratorTemplateEntity).where('id = :id', { id }).execute();
  }

  private write<T>(v: TemplateValues, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      {
        unique: () =>
          new DuplicateResourceError({
            message: `Generator template "${v.name}" version ${v.version} already exists.`,
            source: 'GeneratorTemplate',
            value: `${v.name}@${v.version}`,
          }),
      },
      run,
    );
  }
}
