import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { resolveOwnerId } from '../database/record-sql';
import { json } from '../room-types/room-types.repository';

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

const SELECT = `SELECT a.id, a.name, a.room_id AS "roomId", a.bot_id AS "botId", a.is_pending AS "isPending", a.parameters,
  a.response, a.action_log AS "actionLog", a.user_id AS "userId", a.owner_id AS "ownerId",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt" FROM bot_actions a`;

/** Bot actions in PostgreSQL. */
@Injectable()
export class BotActionsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<BotActionRow>> {
    return listPage(this.db, SELECT, 'bot_actions a', q);
  }

  async findById(id: string): Promise<BotActionRow | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.db.query(`${SELECT} WHERE a.id = $1::uuid`, [id])) as BotActionRow[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotActionValues, userId: string): Promise<string> {
    const rows = (await this.db.query(
      `INSERT INTO bot_actions (name, room_id, bot_id, is_pending, parameters, response, action_log, owner_id, user_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9) RETURNING id`,
      [v.name, v.roomId, v.botId, v.isPending, json(v.parameters), json(v.response), v.actionLog, v.ownerId, userId],
    )) as { id: string }[];
    return rows[0].id;
  }

  async update(id: string, v: BotActionValues): Promise<void> {
    await this.db.query(
      `UPDATE bot_actions SET name = $1, is_pending = $2, parameters = $3::jsonb, response = $4::jsonb, action_log = $5,
         owner_id = $6, updated_at = now() WHERE id = $7`,
      [v.name, v.isPending, json(v.parameters), json(v.response), v.actionLog, v.ownerId, id],
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM bot_actions WHERE id = $1', [id]);
  }
}
