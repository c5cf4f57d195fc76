import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, nameEquals } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId, withUsers } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { RoomTypeEntity } from '../room-types/room-type.entity';
import { RoomEntity } from './room.entity';

/** The writable columns of a room. */
export interface RoomValues {
  name: string;
  type: string;
  externalId: string | null;
  origin: string;
  settings: unknown;
  active: boolean;
  bots: string[];
  ownerId: string | null;
}

/** A room read back with its users. */
export interface RoomRow extends RoomValues {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a new room takes from its type. */
export interface RoomTypeDefaults {
  id: string;
  settings: unknown;
  bots: string[];
}

/** True when a room key is an id (digits) rather than a name. */
export function isRoomId(key: string): boolean {
  return /^\d{1,9}$/.test(key);
}

/** The condition finding a room by its key under `alias`: its id (digits) or its name in any case. */
export function roomKeyWhere(key: string, alias: string): { sql: string; params: Record<string, unknown> } {
  return isRoomId(key) ? { sql: `${alias}.id = :roomId`, params: { roomId: Number(key) } } : { sql: nameEquals(`${alias}.name`, 'roomName'), params: { roomName: key } };
}

/** Rooms in PostgreSQL. */
@Injectable()
export class RoomsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but `createdBy`, with the users embedded. */
  private select() {
    return withUsers(selectEntityColumns(this.db, RoomEntity, 'r', ['createdBy']), 'r');
  }

  list(q: ListQuery): Promise<RowsAndTotal<RoomRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string): Promise<RoomRow | null> {
    const where = roomKeyWhere(key, 'r');
    return (await this.select().where(where.sql, where.params).getRawOne<RoomRow>()) ?? null;
  }

  /** The room type with that id or name: its id, settings and bots; null when unknown. */
  async findType(key: string): Promise<RoomTypeDefaults | null> {
    const c = keyCondition(key, 't.id', 't.name', 'key');
    const row = await this.db
      .createQueryBuilder(RoomTypeEntity, 't')
      .select('t.id', 'id')
      .addSelect('t.settings', 'settings')
      .addSelect('t.bots', 'bots')
      .where(c.sql, { key: c.param })
      .getRawOne<RoomTypeDefaults>();
    return row ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: RoomValues, createdBy: string): Promise<number> {
    return this.write(v.name, () =>
      insertReturningId<RoomEntity, number>(this.db, RoomEntity, entityValues<RoomEntity>({ ...v, createdBy })),
    );
  }

  async update(id: number, v: RoomValues): Promise<void> {
    await this.write(v.name, () =>
      this.db
        .createQueryBuilder()
        .update(RoomEntity)
        .set(entityValues<RoomEntity>({ ...v, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async delete(id: number): Promise<void> {
    await this.db.createQueryBuilder().delete().from(RoomEntity).where('id = :id', { id }).execute();
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations({ unique: () => new DuplicateResourceError({ message: `A room named "${name}" already exists.`, source: 'Room', value: name }) }, run);
  }
}
