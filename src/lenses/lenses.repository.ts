import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import { translatingViolations, violationOf } from '../database/database-errors';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql, resolveOwnerId } from '../database/record-sql';
import { PreparedSql } from '../database/prepared-sql';

/** What a new lens stores. */
export interface NewLens {
  name: string;
  sourceName: string;
  description: string | null;
  sourceDescription: string | null;
  version: string | null;
  sourceVersion: string | null;
  helpEmail: string | null;
  helpUrl: string | null;
  thumbnailUrl: string | null;
  isPublished: boolean;
  lensEventApiVersion: number;
  metadata: Record<string, unknown>;
  library: Buffer;
  ownerId: string;
}

/** What PUT and PATCH may change; `library` null keeps the stored zip. */
export interface LensChanges {
  name: string;
  description: string | null;
  version: string | null;
  isPublished: boolean;
  ownerId: string | null;
  library: Buffer | null;
}

/** A lens read back with its users embedded; `library` only when asked for. */
export interface LensRow
  extends Pick<NewLens, 'name' | 'sourceName' | 'description' | 'sourceDescription' | 'version' | 'sourceVersion' | 'isPublished'> {
  id: string;
  ownerId: string | null;
  library?: Buffer;
  [field: string]: unknown;
}

const SELECT = `
  SELECT l.id, l.name, l.source_name AS "sourceName", l.description, l.source_description AS "sourceDescription",
    l.version, l.source_version AS "sourceVersion", l.help_email AS "helpEmail", l.help_url AS "helpUrl",
    l.thumbnail_url AS "thumbnailUrl", l.is_custom AS "isCustom", l.is_published AS "isPublished",
    l.lens_event_api_version AS "lensEventApiVersion", l.metadata, l.owner_id AS "ownerId",
    l.created_at AS "createdAt", l.updated_at AS "updatedAt",
    ${embeddedUserSql('u')} AS "user", ${embeddedUserSql('o')} AS owner`;
const FROM = `
  FROM lenses l
  LEFT JOIN users u ON u.id = l.created_by
  LEFT JOIN users o ON o.id = l.owner_id`;

/** Lenses in PostgreSQL: the only place with their SQL. */
@Injectable()
export class LensesRepository {
  constructor(
    private readonly db: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  list(q: ListQuery): Promise<RowsAndTotal<LensRow>> {
    return listPage(this.db, `${SELECT} ${FROM}`, 'lenses l', q);
  }

  async findByKey(key: string, withLibrary = false): Promise<LensRow | null> {
    const cond = keyCondition(key, 'l.id', 'l.name', 1);
    const library = withLibrary ? ', l.library' : '';
    const rows = (await this.sql.query(`${SELECT}${library} ${FROM} WHERE ${cond.sql}`, [cond.param])) as LensRow[];
    return rows[0] ?? null;
  }

  /** The user id for an `owner` given by name or id; 400 when there is no such user. */
  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: NewLens, createdBy: string): Promise<string> {
    const rows = await this.write<{ id: string }[]>(
      v.name,
      `INSERT INTO lenses (name, source_name, description, source_description, version, source_version, help_email,
         help_url, thumbnail_url, is_published, lens_event_api_version, metadata, library, owner_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15)
       RETURNING id`,
      [
        v.name,
        v.sourceName,
        v.description,
        v.sourceDescription,
        v.version,
        v.sourceVersion,
        v.helpEmail,
        v.helpUrl,
        v.thumbnailUrl,
        v.isPublished,
        v.lensEventApiVersion,
        JSON.stringify(v.metadata),
        v.library,
        v.ownerId,
        createdBy,
      ],
    );
    return rows[0].id;
  }

  async update(id: string, c: LensChanges): Promise<void> {
    await this.write(
      c.name,
      `UPDATE lenses SET name = $1, description = $2, version = $3, is_published = $4, owner_id = $5,
         library = COALESCE($6::bytea, library), updated_at = now()
       WHERE id = $7`,
      [c.name, c.description, c.version, c.isPublished, c.ownerId, c.library, id],
    );
  }

  /** Deletes the lens; false when a perspective still references it (the foreign key refused). */
  async delete(id: string): Promise<boolean> {
    try {
      await this.db.query('DELETE FROM lenses WHERE id = $1', [id]);
      return true;
    } catch (e) {
      if (violationOf(e)?.kind === 'foreignKey') return false;
      throw e;
    }
  }

  /** Names of the perspectives drawn by the lens (at most `max`, by name). */
  async perspectivesUsing(lensId: string, max = 20): Promise<string[]> {
    const rows = (await this.db.query('SELECT name FROM perspectives WHERE lens_id = $1 ORDER BY name LIMIT $2', [
      lensId,
      max,
    ])) as { name: string }[];
    return rows.map((r) => r.name);
  }

  private async write<T>(name: string, sql: string, args: unknown[]): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A lens named "${name}" already exists.`, source: 'Lens', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
