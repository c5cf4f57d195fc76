import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUuid } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { entityValues, selectEntityColumns } from '../database/entity-select';
import { BotActionEntity } from '../bot-actions/bot-action.entity';
import { BotDataEntity } from '../bot-data/bot-data.entity';
import { User } from '../users/user.entity';
import { EventBulkJobEntity, EventEntity } from './event.entity';

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

/** The records an event may reference by id, checked before it is written. */
const REFERENCED: Record<'bot_data' | 'bot_actions' | 'users', EntityTarget<ObjectLiteral>> = {
  bot_data: BotDataEntity,
  bot_actions: BotActionEntity,
  users: User,
};

/** Events given as one jsonb array ($1), each inserted at now() plus its index in microseconds. */
const INSERT_MANY = `WITH x AS (SELECT r.*, o.n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS o(j, n),
    jsonb_to_record(o.j) AS r(log text, "actionType" text, context jsonb, "roomId" int, "botId" uuid, "botDataId" uuid,
      "botActionId" uuid, "userId" uuid))
  INSERT INTO events (log, action_type, context, room_id, bot_id, bot_data_id, bot_action_id, user_id, created_at, updated_at)
  SELECT log, "actionType", context, "roomId", "botId", "botDataId", "botActionId", "userId", t, t
    FROM x, LATERAL (SELECT now() + (n - 1) * interval '1 microsecond' AS t) ts ORDER BY n RETURNING id`;

/** Events and their bulk jobs in PostgreSQL. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: DataSource) {}

  private select() {
    return selectEntityColumns(this.db, EventEntity, 'e');
  }

  list(q: ListQuery): Promise<RowsAndTotal<EventRow>> {
    return listPageOf(this.select(), q);
  }

  async findById(id: string): Promise<EventRow | null> {
    if (!isUuid(id)) return null;
    return (await this.select().where('e.id = :id', { id }).getRawOne<EventRow>()) ?? null;
  }

  /**
   * Inserts events in one statement, one microsecond apart so the timeline keeps their order;
   * answers them in that order. Hand-written (the batch as one jsonb parameter): a QueryBuilder
   * multi-row INSERT of 1,000 events took about 2.4 times as long, mostly building its SQL and
   * binding 8,000 parameters (bench/events-bulk.bench.ts, docs/PERFORMANCE.md).
   */
  async insertMany(values: EventValues[]): Promise<EventRow[]> {
    if (!values.length) return [];
    const inserted = (await this.db.query(INSERT_MANY, [JSON.stringify(values)])) as { id: string }[];
    // their times are distinct and increasing, so this is the order they were given in
    return this.select()
      .where('e.id = ANY(CAST(:ids AS uuid[]))', { ids: inserted.map((r) => r.id) })
      .orderBy('e.created_at')
      .getRawMany<EventRow>();
  }

  /** Which of these ids exist in `table` (bot_data, bot_actions, users; deleted users too). */
  async existing(table: keyof typeof REFERENCED, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .createQueryBuilder(REFERENCED[table], 'x')
      .withDeleted()
      .select('x.id::text', 'id')
      .where('x.id = ANY(CAST(:ids AS uuid[]))', { ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  async insertJob(errors: EventBulkError[], createdBy: string): Promise<string> {
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(EventBulkJobEntity)
      .values(entityValues<EventBulkJobEntity>({ errors, createdBy }))
      .returning('id')
      .updateEntity(false)
      .execute();
    return String((inserted.raw as { id: string | number }[])[0].id);
  }

  /** A bulk events job with its sender (`createdBy`), or null. */
  async findJob(id: string): Promise<{ status: string; errors: EventBulkError[]; createdBy: string } | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await this.db
      .createQueryBuilder(EventBulkJobEntity, 'j')
      .select('j.status', 'status')
      .addSelect('j.errors', 'errors')
      .addSelect('j.created_by::text', 'createdBy')
      .where('j.id = CAST(:id AS bigint)', { id })
      .getRawOne<{ status: string; errors: EventBulkError[]; createdBy: string }>();
    return row ?? null;
  }
}
