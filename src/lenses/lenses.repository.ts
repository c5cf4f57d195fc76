import { Injectable } from '@nestjs/common';
import { insertReturningId } from '../database/entity-select';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import { translatingViolations, violationOf } from '../database/database-errors';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId, withUsers } from '../database/record-sql';
import { selectEntityColumns } from '../database/entity-select';
import { PerspectiveEntity } from '../perspectives/perspective.entity';
import { LensEntity } from './lens.entity';
import type { UserSummary } from '../common/dto/user-summary.dto';

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
  user: UserSummary | null;
  owner: UserSummary | null;
  [field: string]: unknown;
}

/** Lenses in PostgreSQL: the only place with their SQL. */
@Injectable()
export class LensesRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but the zip (`library`), with the creator (`user`) and `owner` embedded. */
  private select() {
    return withUsers(selectEntityColumns(this.db, LensEntity, 'l', ['library', 'createdBy']), 'l');
  }

  list(q: ListQuery): Promise<RowsAndTotal<LensRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string, withLibrary = false): Promise<LensRow | null> {
    const cond = keyCondition(key, 'l.id', 'l.name', 'key');
    const qb = this.select().where(cond.sql, { key: cond.param });
    if (withLibrary) qb.addSelect('l.library', 'library');
    return (await qb.getRawOne<LensRow>()) ?? null;
  }

  /** The user id for an `owner` given by name or id; 400 when there is no such user. */
  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: NewLens, createdBy: string): Promise<string> {
    return this.write(v.name, () =>
      insertReturningId(this.db, LensEntity, lensValues({ ...v, createdBy })),
    );
  }

  async update(id: string, c: LensChanges): Promise<void> {
    const { library, ...rest } = c;
    // A null library keeps the stored zip.
    const changes = { ...rest, ...(library ? { library } : {}), updatedAt: () => 'now()' };
    await this.write(c.name, () => this.db.createQueryBuilder().update(LensEntity).set(changes).where('id = :id', { id }).execute());
  }

  /** Deletes the lens; false when a perspective still references it (the foreign key refused). */
  async delete(id: string): Promise<boolean> {
    try {
      await this.db.createQueryBuilder().delete().from(LensEntity).where('id = :id', { id }).execute();
      return true;
    } catch (e) {
      if (violationOf(e)?.kind === 'foreignKey') return false;
      throw e;
    }
  }

  /** Names of the perspectives drawn by the lens (at most `max`, by name). */
  async perspectivesUsing(lensId: string, max = 20): Promise<string[]> {
    const rows = await this.db
      .createQueryBuilder(PerspectiveEntity, 'p')
      .select('p.name', 'name')
      .where('p.lens_id = :lensId', { lensId })
      .orderBy('p.name')
      .limit(max)
      .getRawMany<{ name: string }>();
    return rows.map((r) => r.name);
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A lens named "${name}" already exists.`, source: 'Lens', value: name }) },
      run,
    );
  }
}

/** A lens's column values (the free-form `metadata` object is beyond QueryDeepPartialEntity's typing). */
function lensValues(v: NewLens & { createdBy: string }): QueryDeepPartialEntity<LensEntity> {
  return v as QueryDeepPartialEntity<LensEntity>;
}
