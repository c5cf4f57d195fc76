import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError, ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { resolveOwnerId, usersAndFromSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { canonicalBotNames } from '../bots/bot-names';

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

const SELECT = `SELECT t.id, t.name, t.is_enabled AS "isEnabled", t.settings, t.rules, t.bots,
  t.owner_id AS "ownerId", t.created_at AS "createdAt", t.updated_at AS "updatedAt", ${usersAndFromSql('room_types', 't')}`;

/** Room types in PostgreSQL. */
@Injectable()
export class RoomTypesRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<RoomTypeRow>> {
    return listPage(this.db, SELECT, 'room_types t', q);
  }

  async findByKey(key: string): Promise<RoomTypeRow | null> {
    const cond = keyCondition(key, 't.id', 't.name', 1);
    const rows = (await this.db.query(`${SELECT} WHERE ${cond.sql}`, [cond.param])) as RoomTypeRow[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  botNames(names: string[]): Promise<string[]> {
    return canonicalBotNames(this.db, names, 'bots');
  }

  async insert(v: RoomTypeValues, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      `INSERT INTO room_types (name, is_enabled, settings, rules, bots, owner_id, created_by)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::text[], $6, $7) RETURNING id`,
      [v.name, v.isEnabled, json(v.settings), JSON.stringify(v.rules), v.bots, v.ownerId, createdBy],
      v.name,
    );
    return rows[0].id;
  }

  async update(id: string, v: RoomTypeValues): Promise<void> {
    await this.run(
      `UPDATE room_types SET name = $1, is_enabled = $2, settings = $3::jsonb, rules = $4::jsonb, bots = $5::text[],
         owner_id = $6, updated_at = now() WHERE id = $7`,
      [v.name, v.isEnabled, json(v.settings), JSON.stringify(v.rules), v.bots, v.ownerId, id],
      v.name,
    );
  }

  /** Deletes the room type; a room type rooms still use → 400. */
  async delete(id: string, name: string): Promise<void> {
    const inUse = () => new ValidationError({ message: `Room type ${name} is used by rooms.`, source: 'RoomType', value: name, description: 'Delete its rooms first.' });
    await translatingViolations({ foreignKey: inUse }, () => this.db.query('DELETE FROM room_types WHERE id = $1', [id]));
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A room type named "${name}" already exists.`, source: 'RoomType', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}

/** A JSON value for a jsonb parameter (null stays SQL NULL). */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
