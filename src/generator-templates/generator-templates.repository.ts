import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { KIND_TABLES, ResourceKind } from '../writers/resource-kind';
import type { TemplateValues } from './template-rules';

/** A template read back, with its creator embedded. */
export interface TemplateRow extends TemplateValues {
  id: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: Record<string, unknown> | null;
}

const SELECT = `
  SELECT t.id, t.name, t.version, t.description, t.author, t.repository, t.connection,
    t.context_definition AS "contextDefinition", t.transform, t.help_email AS "helpEmail",
    t.help_url AS "helpUrl", t.is_published AS "isPublished", t.tags, t.created_by AS "createdBy",
    t.created_at AS "createdAt", t.updated_at AS "updatedAt", ${embeddedUserSql('u')} AS "user"
  FROM generator_templates t
  LEFT JOIN users u ON u.id = t.created_by`;

const HIGHEST_FIRST = KIND_TABLES[ResourceKind.GeneratorTemplate].keyOrder!.replace(/\br\./g, 't.');

function params(v: TemplateValues): unknown[] {
  return [
    v.name,
    v.version,
    v.description,
    v.author,
    v.repository,
    v.connection,
    v.contextDefinition,
    v.transform,
    v.helpEmail,
    v.helpUrl,
    v.isPublished,
    v.tags,
  ];
}

/** Generator templates in PostgreSQL. */
@Injectable()
export class GeneratorTemplatesRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<TemplateRow>> {
    return listPage(this.db, SELECT, 'generator_templates t', q);
  }

  /** By id, or by name (any case): then the highest version. */
  async findByKey(key: string): Promise<TemplateRow | null> {
    const cond = keyCondition(key, 't.id', 't.name', 1);
    const rows = (await this.db.query(`${SELECT} WHERE ${cond.sql} ORDER BY ${HIGHEST_FIRST} LIMIT 1`, [cond.param])) as TemplateRow[];
    return rows[0] ?? null;
  }

  async findByNameVersion(name: string, version: string): Promise<TemplateRow | null> {
    const rows = (await this.db.query(`${SELECT} WHERE lower(t.name) = lower($1) AND t.version = $2`, [name, version])) as TemplateRow[];
    return rows[0] ?? null;
  }

  /** Every version of a template name (any case), published only when asked. */
  async versionsOf(name: string, publishedOnly: boolean): Promise<TemplateRow[]> {
    return (await this.db.query(`${SELECT} WHERE lower(t.name) = lower($1) AND ($2::boolean IS FALSE OR t.is_published)`, [
      name,
      publishedOnly,
    ])) as TemplateRow[];
  }

  async insert(v: TemplateValues, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO generator_templates (name, version, description, author, repository, connection, context_definition,
         transform, help_email, help_url, is_published, tags, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13) RETURNING id`,
      [...params(v), createdBy],
      v,
    );
    return rows[0].id;
  }

  async update(id: string, v: TemplateValues): Promise<void> {
    await this.run(
      `UPDATE generator_templates SET name = $1, version = $2, description = $3, author = $4, repository = $5,
         connection = $6, context_definition = $7, transform = $8, help_email = $9, help_url = $10,
         is_published = $11, tags = $12::text[], updated_at = now()
       WHERE id = $13`,
      [...params(v), id],
      v,
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM generator_templates WHERE id = $1', [id]);
  }

  private async run<T>(sql: string, args: unknown[], v: TemplateValues): Promise<T> {
    return translatingViolations(
      {
        unique: () =>
          new DuplicateResourceError({
            message: `Generator template "${v.name}" version ${v.version} already exists.`,
            source: 'GeneratorTemplate',
            value: `${v.name}@${v.version}`,
          }),
      },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
