import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, lowerNames, nameIn } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { resolveOwnerId, withUsers } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { BotEntity } from './bot.entity';
import type { BotValues } from './helpers/bot-fields';

/** A bot read back (the UI only when asked for). */
export interface BotRow extends BotValues {
  id: string;
  ownerId: string | null;
  installedBy: string | null;
  lastHeartbeat: Date | null;
  uiName: string | null;
  uiSize: number | null;
  ui?: Buffer | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The UI zip of a bot as stored. */
export interface BotUi {
  buffer: Buffer;
  name: string;
}

/** Bots in PostgreSQL. */
@Injectable()
export class BotsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column but the UI zip (its size instead) and `createdBy` (as `installedBy`), with the users embedded. */
  private select(withUi = false) {
    const qb = withUsers(
      selectEntityColumns(this.db, BotEntity, 'b', ['ui', 'createdBy']).addSelect('octet_length(b.ui)', 'uiSize').addSelect('b.created_by', 'installedBy'),
      'b',
    );
    return withUi ? qb.addSelect('b.ui', 'ui') : qb;
  }

  list(q: ListQuery): Promise<RowsAndTotal<BotRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string, withUi = false): Promise<BotRow | null> {
    const cond = keyCondition(key, 'b.id', 'b.name', 'key');
    return (await this.select(withUi).where(cond.sql, { key: cond.param }).getRawOne<BotRow>()) ?? null;
  }

  /** The names, as stored, of the bots with these names (any case). */
  async storedNames(names: readonly string[]): Promise<string[]> {
    const rows = await this.db
      .createQueryBuilder(BotEntity, 'b')
      .select('b.name', 'name')
      .where(nameIn('b.name', 'names'), { names: lowerNames(names) })
      .getRawMany<{ name: string }>();
    return rows.map((r) => r.name);
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotValues, ui: BotUi | null, ownerId: string, createdBy: string): Promise<string> {
    return this.write(v.name, () =>
      insertReturningId(this.db, BotEntity, entityValues<BotEntity>({ ...v, ui: ui?.buffer ?? null, uiName: ui?.name ?? null, ownerId, createdBy })),
    );
  }

  /** Writes every field; the UI only when a new one is given. */
  async update(id: string, v: BotValues, ui: BotUi | null, ownerId: string | null): Promise<void> {
    const uiColumns = ui ? { ui: ui.buffer, uiName: ui.name } : {};
    await this.write(v.name, () =>
      this.db
        .createQueryBuilder()
        .update(BotEntity)
        .set(entityValues<BotEntity>({ ...v, ...uiColumns, ownerId, updatedAt: () => 'now()' }))
        .where('id = :id', { id })
        .execute(),
    );
  }

  async heartbeat(id: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(BotEntity)
      .set(entityValues<BotEntity>({ lastHeartbeat: () => 'now()' }))
      .where('id = :id', { id })
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(BotEntity).where('id = :id', { id }).execute();
  }

  private write<T>(name: string, run: () => Promise<T>): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: 'name must be unique', description: `A bot named "${name}" already exists.`, source: 'Bot', value: name }) },
      run,
    );
  }
}
