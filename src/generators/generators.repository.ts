import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { isUuid, keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';

/** The writable columns of a generator, as the service computes them. */
export interface GeneratorValues {
  name: string;
  description: string | null;
  helpEmail: string | null;
  helpUrl: string | null;
  aspects: string[];
  subjectQuery: string;
  templateName: string;
  templateVersion: string;
  context: Record<string, unknown>;
  secretContext: Record<string, string>;
  intervalSecs: number;
  collectorGroupId: string | null;
  isActive: boolean;
  tags: string[];
}

/** A generator read back with its group, collector and creator. */
export interface GeneratorRow extends GeneratorValues {
  id: string;
  generatorTemplate: { name: string; version: string };
  collectorGroup: string | null;
  collectorId: string | null;
  currentCollector: { id: string; name: string; status: string } | null;
  lastUpsertAt: Date | null;
  revision: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: Record<string, unknown> | null;
}

const SELECT = `
  SELECT g.id, g.name, g.description, g.help_email AS "helpEmail", g.help_url AS "helpUrl", g.aspects,
    g.subject_query AS "subjectQuery", g.template_name AS "templateName", g.template_version AS "templateVersion",
    json_build_object('name', g.template_name, 'version', g.template_version) AS "generatorTemplate",
    g.context, g.secret_context AS "secretContext", g.interval_secs AS "intervalSecs",
    g.collector_group_id AS "collectorGroupId", cg.name AS "collectorGroup", g.is_active AS "isActive", g.tags,
    g.collector_id AS "collectorId",
    CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'status', c.status) END AS "currentCollector",
    g.last_upsert_at AS "lastUpsertAt", g.revision, g.created_by AS "createdBy", g.created_at AS "createdAt",
    g.updated_at AS "updatedAt", ${embeddedUserSql('u')} AS "user"
  FROM generators g
  LEFT JOIN collector_groups cg ON cg.id = g.collector_group_id
  LEFT JOIN collectors c ON c.id = g.collector_id
  LEFT JOIN users u ON u.id = g.created_by`;

function params(v: GeneratorValues): unknown[] {
  return [
    v.name,
    v.description,
    v.helpEmail,
    v.helpUrl,
    v.aspects,
    v.subjectQuery,
    v.templateName,
    v.templateVersion,
    v.context,
    v.secretContext,
    v.intervalSecs,
    v.collectorGroupId,
    v.isActive,
    v.tags,
  ];
}

/** Generators in PostgreSQL. */
@Injectable()
export class GeneratorsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<GeneratorRow>> {
    return listPage(this.db, SELECT, 'generators g', q);
  }

  async findByKey(key: string): Promise<GeneratorRow | null> {
    const cond = keyCondition(key, 'g.id', 'g.name', 1);
    const rows = (await this.db.query(`${SELECT} WHERE ${cond.sql}`, [cond.param])) as GeneratorRow[];
    return rows[0] ?? null;
  }

  async findByIds(ids: string[]): Promise<GeneratorRow[]> {
    return (await this.db.query(`${SELECT} WHERE g.id = ANY($1::uuid[]) ORDER BY lower(g.name)`, [ids])) as GeneratorRow[];
  }

  /** Aspects by name (any case) with their writer ids. */
  async aspectsNamed(names: string[]): Promise<{ name: string; writerIds: string[] }[]> {
    return (await this.db.query(
      `SELECT a.name, COALESCE((SELECT array_agg(w.user_id::text) FROM aspect_writers w WHERE w.aspect_id = a.id), '{}'::text[]) AS "writerIds"
         FROM aspects a WHERE lower(a.name) = ANY($1::text[])`,
      [names.map((n) => n.toLowerCase())],
    )) as { name: string; writerIds: string[] }[];
  }

  /** The id of a collector group by name (any case) or id, or null. */
  async groupId(key: string): Promise<string | null> {
    const cond = keyCondition(key, 'id', 'name', 1);
    const rows = (await this.db.query(`SELECT id FROM collector_groups WHERE ${cond.sql}`, [cond.param])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async insert(v: GeneratorValues, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO generators (name, description, help_email, help_url, aspects, subject_query, template_name,
         template_version, context, secret_context, interval_secs, collector_group_id, is_active, tags, created_by)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11, $12, $13, $14::text[], $15) RETURNING id`,
      [...params(v), createdBy],
      v.name,
    );
    return rows[0].id;
  }

  /** Writes the new values and bumps the revision the collector compares. */
  async update(id: string, v: GeneratorValues): Promise<void> {
    await this.run(
      `UPDATE generators SET name = $1, description = $2, help_email = $3, help_url = $4, aspects = $5::text[],
         subject_query = $6, template_name = $7, template_version = $8, context = $9, secret_context = $10,
         interval_secs = $11, collector_group_id = $12, is_active = $13, tags = $14::text[],
         revision = revision + 1, updated_at = now()
       WHERE id = $15`,
      [...params(v), id],
      v.name,
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM generators WHERE id = $1', [id]);
  }

  /**
   * A generator token's bulk upsert is allowed when its generator exists, is active and runs on
   * a Running collector; the upsert is then recorded. One statement; false when refused.
   */
  async recordUpsert(generatorId: string): Promise<boolean> {
    if (!isUuid(generatorId)) return false;
    const rows = (await this.db.query(
      `UPDATE generators g SET last_upsert_at = now()
         FROM collectors c
        WHERE g.id = $1 AND g.is_active AND c.id = g.collector_id AND c.status = 'Running'
        RETURNING g.id`,
      [generatorId],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A generator named "${name}" already exists.`, source: 'Generator', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
