import { Injectable } from '@nestjs/common';
import { nameEquals } from '../database/key-sql';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { BotDataEntity } from './bot-data.entity';

/** The writable columns of bot data. */
export interface BotDataValues {
  name: string;
  value: string;
  roomId: number;
  botId: string;
  ownerId: string | null;
}

/** Bot data read back. */
export interface BotDataRow extends BotDataValues {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Bot data in PostgreSQL. */
@Injectable()
export class BotDataRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but `createdBy`. */
  private select() {
    return selectEntityColumns(this.db, BotDataEntity, 'd', ['createdBy']);
  }

  list(q: ListQuery): Promise<RowsAndTotal<BotDataRow>> {
    return listPageOf(this.select(), q);
  }

  async findById(id: string): Promise<BotDataRow | null> {
    if (!isUuid(id)) return null;
    return (await this.select().where('d.id = :id', { id }).getRawOne<BotDataRow>()) ?? null;
  }

  /** The data named `name` (any case) of that bot in that room. */
  async findByName(name: string, roomId: number, botId: string): Promise<BotDataRow | null> {
    const row = await this.select()
      .where(nameEquals('d.name', 'name'), { name })
      .andWhere('d.room_id = :roomId', { roomId })
      .andWhere('d.bot_id = :botId', { botId })
      .getRawOne<BotDataRow>();
    return row ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotDataValues, createdBy: string): Promise<string> {
    const { name, value, roomId, botId, ownerId } = v;
    return this.write(name, () =>
      insertReturningId(this.db, BotDataEntity, entityValues<BotDataEntity>({ name, value, roomId, botId, ownerId, createdBy })),
    );
  }

  /** Writes the name, value and owner; the room and bot stay. */
  async update(id: string, v: BotDataValues): Promise<void> {
    const { name, value, ownerId } = v;
    await this.write(name, () =>
      this.db
        .createQueryBuilder()
        .update(BotDataEntity)
        .set(entityValues<BotDataEntity>({ name, value, ownerId, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(BotDataEntity).where('id = :id', { id }).execute();
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `This bot already has data named "${name}" in this room.`, source: 'BotData', value: name }) },
      run,
    );
  }
}
