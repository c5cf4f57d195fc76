import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';

/** An event as stored, references resolved to ids. */
export interface EventValues {
  log: string;
  actionType: string | null;
  context: unknown;
  roomId: number | null;
  botId: string | null;
  botDataId: string | null;
  botActionId: string | null;
  userId: string;
}

/** An event read back. */
export interface EventRow extends EventValues {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One refused item of an events bulk request. */
export interface EventBulkError {
  index: number;
  type: string;
  message: string;
}

const SELECT = `SELECT e.id, e.log, e.action_type AS "actionType", e.context, e.room_id AS "roomId", e.bot_id AS "botId",
  e.bot_data_id AS "botDataId", e.bot_action_id AS "botActionId", e.user_id AS "userId",
  e.created_at AS "createdAt", e.updated_at AS "updatedAt" FROM events e`;

/** Events and their bulk jobs in PostgreSQL. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<EventRow>> {
    return listPage(this.db, SELECT, 'events e', q);
  }

  async findById(id: string): Promise<EventRow | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.db.query(`${SELECT} WHERE e.id = $1::uuid`, [id])) as EventRow[];
    return rows[0] ?? null;
  }

  /** Inserts events in one statement, one microsecond apart so the timeline keeps their order; answers them in that order. */
  async insertMany(values: EventValues[]): Promise<EventRow[]> {
    if (!values.length) return [];
    const rows = (await this.db.query(
      `WITH x AS (SELECT r.*, o.n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS o(j, n),
         jsonb_to_record(o.j) AS r(log text, "actionType" text, context jsonb, "roomId" int, "botId" uuid, "botDataId" uuid,
           "botActionId" uuid, "userId" uuid)),
       ins AS (INSERT INTO events (log, action_type, context, room_id, bot_id, bot_data_id, bot_action_id, user_id, created_at, updated_at)
         SELECT log, "actionType", context, "roomId", "botId", "botDataId", "botActionId", "userId", t, t
           FROM x, LATERAL (SELECT now() + (n - 1) * interval '1 microsecond' AS t) ts ORDER BY n RETURNING id)
       SELECT id FROM ins`,
      [JSON.stringify(values)],
    )) as { id: string }[];
    const ids = rows.map((r) => r.id);
    const found = (await this.db.query(`${SELECT} WHERE e.id = ANY($1::uuid[]) ORDER BY e.created_at, e.id`, [ids])) as EventRow[];
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) as EventRow);
  }

  /** Which of these ids exist in `table` (bot_data, bot_actions, users). */
  async existing(table: 'bot_data' | 'bot_actions' | 'users', ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = (await this.db.query(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async insertJob(errors: EventBulkError[], createdBy: string): Promise<string> {
    const rows = (await this.db.query('INSERT INTO event_bulk_jobs (errors, created_by) VALUES ($1::jsonb, $2) RETURNING id::text AS id', [
      JSON.stringify(errors),
      createdBy,
    ])) as { id: string }[];
    return rows[0].id;
  }

  /** A bulk events job with its sender (`createdBy`), or null. */
  async findJob(id: string): Promise<{ status: string; errors: EventBulkError[]; createdBy: string } | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const rows = (await this.db.query('SELECT status, errors, created_by::text AS "createdBy" FROM event_bulk_jobs WHERE id = $1::bigint', [id])) as {
      status: string;
      errors: EventBulkError[];
      createdBy: string;
    }[];
    return rows[0] ?? null;
  }
}
