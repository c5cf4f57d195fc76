import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId } from '../database/record-sql';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { BotActionEntity } from './bot-action.entity';

/** The writable columns of a bot action. */
export interface BotActionValues {
  name: string;
  roomId: number;
  botId: string;
  isPending: boolean;
  parameters: unknown;
  response: unknown;
  actionLog: string | null;
  ownerId: string | null;
}

/** A bot action read back. */
export interface BotActionRow extends BotActionValues {
  id: string;
  userId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Bot actions in PostgreSQL. */
@Injectable()
export class BotActionsRepository {
  constructor(private readonly db: DataSource) {}

  private select() {
    return selectEntityColumns(this.db, BotActionEntity, 'a');
  }

  list(q: ListQuery): Promise<RowsAndTotal<BotActionRow>> {
    return listPageOf(this.select(), q);
  }

  async findById(id: string): Promise<BotActionRow | null> {
    if (!isUuid(id)) return null;
    return (await this.select().where('a.id = :id', { id }).getRawOne<BotActionRow>()) ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotActionValues, userId: string): Promise<string> {
    return insertReturningId(this.db, BotActionEntity, entityValues<BotActionEntity>({ ...v, userId }));
  }

  /** Writes what an answer may change; the room, bot and asking user stay. */
  async update(id: string, v: BotActionValues): Promise<void> {
    const { name, isPending, parameters, response, actionLog, ownerId } = v;
    await this.db
      .createQueryBuilder()
      .update(BotActionEntity)
      .set(entityValues<BotActionEntity>({ name, isPending, parameters, response, actionLog, ownerId, updatedAt: () => 'now()' }))
      .where('id = :id', { id })
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(BotActionEntity).where('id = :id', { id }).execute();
  }
}
