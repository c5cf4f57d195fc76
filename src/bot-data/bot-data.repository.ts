import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { resolveOwnerId } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';

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

const SELECT = `SELECT d.id, d.name, d.value, d.room_id AS "roomId", d.bot_id AS "botId", d.owner_id AS "ownerId",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt" FROM bot_data d`;

/** Bot data in PostgreSQL. */
@Injectable()
export class BotDataRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<BotDataRow>> {
    return listPage(this.db, SELECT, 'bot_data d', q);
  }

  async findById(id: string): Promise<BotDataRow | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.db.query(`${SELECT} WHERE d.id = $1::uuid`, [id])) as BotDataRow[];
    return rows[0] ?? null;
  }

  /** The data named `name` (any case) of that bot in that room. */
  async findByName(name: string, roomId: number, botId: string): Promise<BotDataRow | null> {
    const rows = (await this.db.query(`${SELECT} WHERE lower(d.name) = lower($1) AND d.room_id = $2 AND d.bot_id = $3`, [name, roomId, botId])) as BotDataRow[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotDataValues, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO bot_data (name, value, room_id, bot_id, owner_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [v.name, v.value, v.roomId, v.botId, v.ownerId, createdBy],
      v.name,
    );
    return rows[0].id;
  }

  async update(id: string, v: BotDataValues): Promise<void> {
    await this.run('UPDATE bot_data SET name = $1, value = $2, owner_id = $3, updated_at = now() WHERE id = $4', [v.name, v.value, v.ownerId, id], v.name);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM bot_data WHERE id = $1', [id]);
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `This bot already has data named "${name}" in this room.`, source: 'BotData', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
