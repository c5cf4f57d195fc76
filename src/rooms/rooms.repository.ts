import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { resolveOwnerId, usersAndFromSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { canonicalBotNames } from '../bots/bot-names';
import { json } from '../room-types/room-types.repository';

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

const SELECT = `SELECT r.id, r.name, r.type, r.external_id AS "externalId", r.origin, r.settings, r.active, r.bots,
  r.owner_id AS "ownerId", r.created_at AS "createdAt", r.updated_at AS "updatedAt", ${usersAndFromSql('rooms', 'r')}`;

/** True when a room key is an id (digits) rather than a name. */
export function isRoomId(key: string): boolean {
  return /^\d{1,9}$/.test(key);
}

/** Rooms in PostgreSQL. */
@Injectable()
export class RoomsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<RoomRow>> {
    return listPage(this.db, SELECT, 'rooms r', q);
  }

  async findByKey(key: string): Promise<RoomRow | null> {
    const rows = (await this.db.query(
      isRoomId(key) ? `${SELECT} WHERE r.id = $1::integer` : `${SELECT} WHERE lower(r.name) = lower($1)`,
      [key],
    )) as RoomRow[];
    return rows[0] ?? null;
  }

  /** The room type with that id or name: its id, settings and bots; null when unknown. */
  async findType(key: string): Promise<{ id: string; settings: unknown; bots: string[] } | null> {
    const c = keyCondition(key, 'id', 'name', 1);
    const rows = (await this.db.query(`SELECT id, settings, bots FROM room_types WHERE ${c.sql}`, [c.param])) as { id: string; settings: unknown; bots: string[] }[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.db, owner);
  }

  botNames(names: string[]): Promise<string[]> {
    return canonicalBotNames(this.db, names, 'bots');
  }

  /** Ids of the bots with these names. */
  async botIds(names: string[]): Promise<string[]> {
    const rows = (await this.db.query('SELECT id FROM bots WHERE lower(name) = ANY($1::text[])', [names.map((n) => n.toLowerCase())])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async insert(v: RoomValues, createdBy: string): Promise<number> {
    const rows = await this.run<{ id: number }[]>(
      `INSERT INTO rooms (name, type, external_id, origin, settings, active, bots, owner_id, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::text[], $8, $9) RETURNING id`,
      [v.name, v.type, v.externalId, v.origin, json(v.settings), v.active, v.bots, v.ownerId, createdBy],
      v.name,
    );
    return rows[0].id;
  }

  async update(id: number, v: RoomValues): Promise<void> {
    await this.run(
      `UPDATE rooms SET name = $1, type = $2, external_id = $3, origin = $4, settings = $5::jsonb, active = $6,
         bots = $7::text[], owner_id = $8, updated_at = now() WHERE id = $9`,
      [v.name, v.type, v.externalId, v.origin, json(v.settings), v.active, v.bots, v.ownerId, id],
      v.name,
    );
  }

  async delete(id: number): Promise<void> {
    await this.db.query('DELETE FROM rooms WHERE id = $1', [id]);
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A room named "${name}" already exists.`, source: 'Room', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
