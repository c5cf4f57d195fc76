import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError, ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId, withUsers } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { RoomTypeEntity } from './room-type.entity';

/** The writable columns of a room type. */
export interface RoomTypeValues {
  name: string;
  isEnabled: boolean;
  settings: unknown;
  rules: unknown[];
  bots: string[];
  ownerId: string | null;
}

/** A room type read back with its users. */
export interface RoomTypeRow extends RoomTypeValues {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Room types in PostgreSQL. */
@Injectable()
export class RoomTypesRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but `createdBy`, with the users embedded. */
  private select() {
    return withUsers(selectEntityColumns(this.db, RoomTypeEntity, 't', ['createdBy']), 't');
  }

  list(q: ListQuery): Promise<RowsAndTotal<RoomTypeRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string): Promise<RoomTypeRow | null> {
    const cond = keyCondition(key, 't.id', 't.name', 'key');
    return (await this.select().where(cond.sql, { key: cond.param }).getRawOne<RoomTypeRow>()) ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: RoomTypeValues, createdBy: string): Promise<string> {
    return this.write(v.name, () =>
      insertReturningId(this.db, RoomTypeEntity, entityValues<RoomTypeEntity>({ ...v, createdBy })),
    );
  }

  async update(id: string, v: RoomTypeValues): Promise<void> {
    await this.write(v.name, () =>
      this.db
        .createQueryBuilder()
        .update(RoomTypeEntity)
        .set(entityValues<RoomTypeEntity>({ ...v, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  /** Deletes the room type; a room type rooms still use → 400. */
  async delete(id: string, name: string): Promise<void> {
    const inUse = () => new ValidationError({ message: `Room type ${name} is used by rooms.`, source: 'RoomType', value: name, description: 'Delete its rooms first.' });
    await translatingViolations({ foreignKey: inUse }, () =>
      this.db.createQueryBuilder().delete().from(RoomTypeEntity).where('id = :id', { id }).execute(),
    );
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A room type named "${name}" already exists.`, source: 'RoomType', value: name }) },
      run,
    );
  }
}
