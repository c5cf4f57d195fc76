import { Injectable } from '@nestjs/common';
import { insertReturningId } from '../database/entity-select';
import { DataSource } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError, ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import { translatingViolations } from '../database/database-errors';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { embeddedUserSql, resolveOwnerId, withUsers } from '../database/record-sql';
import { PerspectiveEntity, type FilterType } from './perspective.entity';
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
  user: UserSummary | null;
  owner: UserSummary | null;
}

const COLUMNS = `p.id, p.name, p.root_subject AS "rootSubject", p.lens_id AS "lensId",
    p.aspect_filter AS "aspectFilter", p.aspect_filter_type AS "aspectFilterType",
    p.aspect_tag_filter AS "aspectTagFilter", p.aspect_tag_filter_type AS "aspectTagFilterType",
    p.subject_tag_filter AS "subjectTagFilter", p.subject_tag_filter_type AS "subjectTagFilterType",
    p.status_filter AS "statusFilter", p.status_filter_type AS "statusFilterType",
    p.owner_id AS "ownerId", p.created_at AS "createdAt", p.updated_at AS "updatedAt",
    json_strip_nulls(json_build_object('id', l.id, 'name', l.name, 'version', l.version,
      'helpEmail', l.help_email, 'helpUrl', l.help_url, 'thumbnailUrl', l.thumbnail_url)) AS lens`;

const SELECT = `
  SELECT ${COLUMNS}, ${embeddedUserSql('u')} AS "user", ${embeddedUserSql('o')} AS owner
  FROM perspectives p
  JOIN lenses l ON l.id = p.lens_id
  LEFT JOIN users u ON u.id = p.created_by
  LEFT JOIN users o ON o.id = p.owner_id`;

/** Perspectives in PostgreSQL: the only place with their SQL. */
@Injectable()
export class PerspectivesRepository {
  constructor(
    private readonly db: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  list(q: ListQuery): Promise<RowsAndTotal<PerspectiveRow>> {
    const qb = this.db.createQueryBuilder().select(COLUMNS).from(PerspectiveEntity, 'p').innerJoin('lenses', 'l', 'l.id = p.lens_id');
    return listPageOf(withUsers(qb, 'p'), q);
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
    const inserted = await this.run(values, () =>
      insertReturningId(this.db, PerspectiveEntity, { ...values, createdBy }),
    );
    return inserted;
  }

  async update(id: string, values: PerspectiveValues): Promise<void> {
    await this.run(values, () =>
      this.db.createQueryBuilder().update(PerspectiveEntity).set({ ...values, updatedAt: () => 'now()' }).where('id = :id', { id }).execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(PerspectiveEntity).where('id = :id', { id }).execute();
  }

  /** Runs a write, turning the name index and the lens foreign key into API errors. */
  private run<T>(values: PerspectiveValues, write: () => Promise<T>): Promise<T> {
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
      write,
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

