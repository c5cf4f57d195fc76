import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError, ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import { translatingViolations } from '../database/database-errors';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql, resolveOwnerId } from '../database/record-sql';
import type { FilterType } from './perspective.entity';
import { PreparedSql } from '../database/prepared-sql';

/** The writable columns of a perspective, as the service computes them. */
export interface PerspectiveValues {
  name: string;
  rootSubject: string;
  lensId: string;
  aspectFilter: string[];
  aspectFilterType: FilterType;
  aspectTagFilter: string[];
  aspectTagFilterType: FilterType;
  subjectTagFilter: string[];
  subjectTagFilterType: FilterType;
  statusFilter: string[];
  statusFilterType: FilterType;
  ownerId: string | null;
}

/** A perspective read back with its lens and users embedded. */
export interface PerspectiveRow extends PerspectiveValues {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  lens: Record<string, unknown>;
  user: Record<string, unknown> | null;
  owner: Record<string, unknown> | null;
}

const SELECT = `
  SELECT p.id, p.name, p.root_subject AS "rootSubject", p.lens_id AS "lensId",
    p.aspect_filter AS "aspectFilter", p.aspect_filter_type AS "aspectFilterType",
    p.aspect_tag_filter AS "aspectTagFilter", p.aspect_tag_filter_type AS "aspectTagFilterType",
    p.subject_tag_filter AS "subjectTagFilter", p.subject_tag_filter_type AS "subjectTagFilterType",
    p.status_filter AS "statusFilter", p.status_filter_type AS "statusFilterType",
    p.owner_id AS "ownerId", p.created_at AS "createdAt", p.updated_at AS "updatedAt",
    json_strip_nulls(json_build_object('id', l.id, 'name', l.name, 'version', l.version,
      'helpEmail', l.help_email, 'helpUrl', l.help_url, 'thumbnailUrl', l.thumbnail_url)) AS lens,
    ${embeddedUserSql('u')} AS "user", ${embeddedUserSql('o')} AS owner
  FROM perspectives p
  JOIN lenses l ON l.id = p.lens_id
  LEFT JOIN users u ON u.id = p.created_by
  LEFT JOIN users o ON o.id = p.owner_id`;

const COLUMNS = `name, root_subject, lens_id, aspect_filter, aspect_filter_type, aspect_tag_filter,
  aspect_tag_filter_type, subject_tag_filter, subject_tag_filter_type, status_filter, status_filter_type, owner_id`;

function params(v: PerspectiveValues): unknown[] {
  return [
    v.name,
    v.rootSubject,
    v.lensId,
    v.aspectFilter,
    v.aspectFilterType,
    v.aspectTagFilter,
    v.aspectTagFilterType,
    v.subjectTagFilter,
    v.subjectTagFilterType,
    v.statusFilter,
    v.statusFilterType,
    v.ownerId,
  ];
}

/** Perspectives in PostgreSQL: the only place with their SQL. */
@Injectable()
export class PerspectivesRepository {
  constructor(
    private readonly db: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  list(q: ListQuery): Promise<RowsAndTotal<PerspectiveRow>> {
    return listPage(this.db, SELECT, 'perspectives p', q);
  }

  async findByKey(key: string): Promise<PerspectiveRow | null> {
    const cond = keyCondition(key, 'p.id', 'p.name', 1);
    const rows = (await this.sql.query(`${SELECT} WHERE ${cond.sql}`, [cond.param])) as PerspectiveRow[];
    return rows[0] ?? null;
  }

  /** The user id for an `owner` given by name or id; 400 when there is no such user. */
  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(values: PerspectiveValues, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO perspectives (${COLUMNS}, created_by)
       VALUES ($1, $2, $3, $4::text[], $5, $6::text[], $7, $8::text[], $9, $10::text[], $11, $12, $13)
       RETURNING id`,
      [...params(values), createdBy],
      values,
    );
    return rows[0].id;
  }

  async update(id: string, values: PerspectiveValues): Promise<void> {
    await this.run(
      `UPDATE perspectives SET name = $1, root_subject = $2, lens_id = $3, aspect_filter = $4::text[],
         aspect_filter_type = $5, aspect_tag_filter = $6::text[], aspect_tag_filter_type = $7,
         subject_tag_filter = $8::text[], subject_tag_filter_type = $9, status_filter = $10::text[],
         status_filter_type = $11, owner_id = $12, updated_at = now()
       WHERE id = $13`,
      [...params(values), id],
      values,
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM perspectives WHERE id = $1', [id]);
  }

  /** Runs a write, turning the name index and the lens foreign key into API errors. */
  private async run<T>(sql: string, args: unknown[], values: PerspectiveValues): Promise<T> {
    return translatingViolations(
      {
        unique: () =>
          new DuplicateResourceError({
            message: `A perspective named "${values.name}" already exists.`,
            source: 'Perspective',
            value: values.name,
          }),
        // Only the lens key: a failing owner/creator key is not the client's doing.
        foreignKey: (constraint) => (constraint === 'perspectives_lens_id_fkey' ? lensNotFoundError(values.lensId) : undefined),
      },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}

/** The 400 for a `lensId` that references no lens. */
export function lensNotFoundError(lensId: string): ValidationError {
  return new ValidationError({
    message: 'lensId does not reference an existing lens.',
    description: `No lens has the id ${lensId}.`,
    source: 'lensId',
    value: lensId,
  });
}

