import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { resolveOwnerId, usersAndFromSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
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

const COLUMNS = `b.id, b.name, b.url, b.help_url AS "helpUrl", b.owner_url AS "ownerUrl", b.display_name AS "displayName",
  b.version, b.active, b.actions, b.settings, b.data, b.last_heartbeat AS "lastHeartbeat", b.ui_name AS "uiName",
  octet_length(b.ui) AS "uiSize", b.created_by AS "installedBy", b.owner_id AS "ownerId",
  b.created_at AS "createdAt", b.updated_at AS "updatedAt"`;
const FROM = usersAndFromSql('bots', 'b');

/** Bots in PostgreSQL. */
@Injectable()
export class BotsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<BotRow>> {
    return listPage(this.db, `SELECT ${COLUMNS}, ${FROM}`, 'bots b', q);
  }

  async findByKey(key: string, withUi = false): Promise<BotRow | null> {
    const cond = keyCondition(key, 'b.id', 'b.name', 1);
    const rows = (await this.db.query(`SELECT ${COLUMNS}${withUi ? ', b.ui' : ''}, ${FROM} WHERE ${cond.sql}`, [cond.param])) as BotRow[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  async insert(v: BotValues, ui: BotUi | null, ownerId: string, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO bots (name, url, help_url, owner_url, display_name, version, active, actions, settings, data, ui, ui_name, owner_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14) RETURNING id`,
      [...params(v), ui?.buffer ?? null, ui?.name ?? null, ownerId, createdBy],
      v.name,
    );
    return rows[0].id;
  }

  /** Writes every field; the UI only when a new one is given. */
  async update(id: string, v: BotValues, ui: BotUi | null, ownerId: string | null): Promise<void> {
    await this.run(
      `UPDATE bots SET name = $1, url = $2, help_url = $3, owner_url = $4, display_name = $5, version = $6, active = $7,
         actions = $8::jsonb, settings = $9::jsonb, data = $10::jsonb, ui = COALESCE($11, ui), ui_name = COALESCE($12, ui_name),
         owner_id = $13, updated_at = now() WHERE id = $14`,
      [...params(v), ui?.buffer ?? null, ui?.name ?? null, ownerId, id],
      v.name,
    );
  }

  async heartbeat(id: string): Promise<void> {
    await this.db.query('UPDATE bots SET last_heartbeat = now() WHERE id = $1', [id]);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM bots WHERE id = $1', [id]);
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: 'name must be unique', description: `A bot named "${name}" already exists.`, source: 'Bot', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}

function params(v: BotValues): unknown[] {
  return [v.name, v.url, v.helpUrl, v.ownerUrl, v.displayName, v.version, v.active, JSON.stringify(v.actions), JSON.stringify(v.settings), JSON.stringify(v.data)];
}
