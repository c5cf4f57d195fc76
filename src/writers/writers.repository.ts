import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { userSummary, type UserSummary } from '../common/dto/user-summary.dto';
import { NotFoundError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import { escapeLike } from '../common/list-query';
import { translateViolation } from '../database/database-errors';
import { isUuid, KIND_TABLES, WritableKind } from './resource-kind';
import { PreparedSql } from '../database/prepared-sql';

/** A record as the writers policy sees it. */
export interface WriterTarget {
  id: string;
  /** Name (subjects: absolutePath), for messages. */
  name: string;
  writerIds: string[];
}

/** A user as the writers endpoints show it (never a password). */
export type WriterUser = UserSummary;

/** One row of a writers join table, as the API shows it. */
export type WriterRow = Record<string, string>;

interface UserRow {
  id: string;
  name: string;
  email: string;
  full_name: string | null;
}

function toUser(r: UserRow): WriterUser {
  return userSummary({ id: r.id, name: r.name, email: r.email, fullName: r.full_name });
}

const USER_COLUMNS = 'u.id::text AS id, u.name, u.email, u.full_name';

/** Integer ids (rooms): digits are an id, anything else (a UUID too) a name, exactly, ignoring case. */
function integerKeyCondition(key: string, nameColumn: string): { sql: string; param: string } {
  return /^\d{1,9}$/.test(key) ? { sql: 'r.id = $1::integer', param: key } : { sql: `lower(${nameColumn}) = lower($1)`, param: key };
}

/** Every query of the writers feature (raw SQL on the InitialSchema tables). */
@Injectable()
export class WritersRepository {
  constructor(
    private readonly db: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /** The record of `kind` with that key (UUID or name) and its writer ids, or null. */
  async findTarget(kind: WritableKind, key: string): Promise<WriterTarget | null> {
    const t = KIND_TABLES[kind];
    // UUID → by id only; otherwise exact, case-insensitive (no LIKE: `_` and `%` are literal).
    const where = t.idType === 'integer' ? integerKeyCondition(key, `r.${t.keyColumn}`) : keyCondition(key, 'r.id', `r.${t.keyColumn}`, 1);
    const rows = (await this.sql.query(
      `SELECT r.id::text AS id, r.${t.keyColumn} AS name,
              COALESCE((SELECT array_agg(w.user_id::text) FROM ${t.writersTable} w WHERE w.${t.foreignKey} = r.id), '{}'::text[]) AS writer_ids
         FROM ${t.table} r WHERE ${where.sql} ${t.keyOrder ? `ORDER BY ${t.keyOrder}` : ''} LIMIT 1`,
      [where.param],
    )) as { id: string; name: string; writer_ids: string[] }[];
    const row = rows[0];
    return row ? { id: row.id, name: row.name, writerIds: row.writer_ids } : null;
  }

  /** Same as findTarget, by id. */
  async findTargetById(kind: WritableKind, id: string): Promise<WriterTarget | null> {
    return isUuid(id) ? this.findTarget(kind, id) : null;
  }

  /**
   * The sample `subjectPath|aspectName`, answered with its ASPECT (id, name, writers): the
   * Sample→Aspect delegation. Null when the subject, the aspect or the sample does not exist.
   */
  async findSampleAspect(subjectPath: string, aspectName: string): Promise<WriterTarget | null> {
    const rows = (await this.sql.query(
      `SELECT a.id::text AS id, a.name,
              COALESCE((SELECT array_agg(w.user_id::text) FROM aspect_writers w WHERE w.aspect_id = a.id), '{}'::text[]) AS writer_ids
         FROM subjects s
         JOIN samples sm ON sm.subject_id = s.id
         JOIN aspects a ON a.id = sm.aspect_id
        WHERE lower(s.absolute_path) = lower($1) AND lower(a.name) = lower($2)
        LIMIT 1`,
      [subjectPath, aspectName],
    )) as { id: string; name: string; writer_ids: string[] }[];
    const row = rows[0];
    return row ? { id: row.id, name: row.name, writerIds: row.writer_ids } : null;
  }

  /**
   * The writer ids of each of these aspects (ONE query for all of them; bulk upsert asks once
   * per request). Unknown ids are absent from the map; an aspect without writers maps to [].
   */
  async aspectWriters(aspectIds: string[]): Promise<Map<string, string[]>> {
    const ids = [...new Set(aspectIds.filter(isUuid))];
    if (ids.length === 0) return new Map();
    const rows = (await this.sql.query(
      `SELECT a.id::text AS id,
              COALESCE((SELECT array_agg(w.user_id::text) FROM aspect_writers w WHERE w.aspect_id = a.id), '{}'::text[]) AS writer_ids
         FROM aspects a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; writer_ids: string[] }[];
    return new Map(rows.map((r) => [r.id, r.writer_ids]));
  }

  /**
   * Every subject of the subtree of `root` (itself included, descendants found by absolute path
   * prefix) that has writers, with them, ordered by absolutePath: ONE query.
   */
  async protectedSubtree(root: { id: string; absolutePath: string }): Promise<WriterTarget[]> {
    const rows: { id: string; name: string; writer_ids: string[] }[] = await this.db.query(
      `SELECT s.id::text AS id, s.absolute_path AS name, array_agg(w.user_id::text) AS writer_ids
         FROM subjects s JOIN subject_writers w ON w.subject_id = s.id
        WHERE s.id = $1::uuid OR lower(s.absolute_path) LIKE $2 ESCAPE '\\'
        GROUP BY s.id, s.absolute_path
        ORDER BY s.absolute_path`,
      [root.id, `${escapeLike(root.absolutePath.toLowerCase())}.%`],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, writerIds: r.writer_ids }));
  }

  /** The writers of a record, as users, by name. */
  async listWriters(kind: WritableKind, recordId: string): Promise<WriterUser[]> {
    const t = KIND_TABLES[kind];
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM ${t.writersTable} w JOIN users u ON u.id = w.user_id
        WHERE w.${t.foreignKey} = $1::${t.idType ?? 'uuid'} ORDER BY lower(u.name), u.id`,
      [recordId],
    );
    return rows.map(toUser);
  }

  /** One writer of a record by user name (exact, any case) or id; null when not a writer. */
  async findWriter(kind: WritableKind, recordId: string, userKey: string): Promise<WriterUser | null> {
    const t = KIND_TABLES[kind];
    const cond = isUuid(userKey) ? 'u.id = $2::uuid' : 'lower(u.name) = lower($2)';
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM ${t.writersTable} w JOIN users u ON u.id = w.user_id
        WHERE w.${t.foreignKey} = $1::${t.idType ?? 'uuid'} AND ${cond} LIMIT 1`,
      [recordId, userKey],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Resolves user names or ids to ids (live users only); the map's keys are the keys as given. */
  async resolveUsers(keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter(isUuid);
    const names = keys.filter((k) => !isUuid(k)).map((k) => k.toLowerCase());
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT id::text AS id, name FROM users
        WHERE deleted_at IS NULL AND (id = ANY($1::uuid[]) OR lower(name) = ANY($2::text[]))`,
      [ids, names],
    );
    const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r.id]));
    const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
    const found = new Map<string, string>();
    for (const key of keys) {
      const id = isUuid(key) ? byId.get(key.toLowerCase()) : byName.get(key.toLowerCase());
      if (id) found.set(key, id);
    }
    return found;
  }

  /** Adds writers (existing ones untouched) and returns the join rows of all of `userIds`. */
  async addWriters(kind: WritableKind, recordId: string, userIds: string[]): Promise<WriterRow[]> {
    const t = KIND_TABLES[kind];
    try {
      return await this.db.transaction(async (m) => {
        await m.query(
          `INSERT INTO ${t.writersTable} (${t.foreignKey}, user_id)
           SELECT $1::${t.idType ?? 'uuid'}, u FROM unnest($2::uuid[]) AS u
           ON CONFLICT DO NOTHING`,
          [recordId, userIds],
        );
        const rows: { record_id: string; user_id: string; created_at: Date; updated_at: Date }[] = await m.query(
          `SELECT ${t.foreignKey}::text AS record_id, user_id::text AS user_id, created_at, updated_at
             FROM ${t.writersTable} WHERE ${t.foreignKey} = $1::${t.idType ?? 'uuid'} AND user_id = ANY($2::uuid[])
            ORDER BY created_at, user_id`,
          [recordId, userIds],
        );
        return rows.map((r) => ({
          [t.foreignKeyProperty]: r.record_id,
          userId: r.user_id,
          createdAt: new Date(r.created_at).toISOString(),
          updatedAt: new Date(r.updated_at).toISOString(),
        }));
      });
    } catch (e) {
      // The record (or a user) vanished between the lookup and the insert.
      throw translateViolation(e, { foreignKey: () => new NotFoundError({ source: t.source }) });
    }
  }

  /** Removes every writer of a record. */
  async removeAllWriters(kind: WritableKind, recordId: string): Promise<void> {
    const t = KIND_TABLES[kind];
    await this.db.query(`DELETE FROM ${t.writersTable} WHERE ${t.foreignKey} = $1::${t.idType ?? 'uuid'}`, [recordId]);
  }

  /** Removes one writer; false when that user was not a writer. */
  async removeWriter(kind: WritableKind, recordId: string, userId: string): Promise<boolean> {
    const t = KIND_TABLES[kind];
    // Wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count].
    const rows: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM ${t.writersTable} WHERE ${t.foreignKey} = $1::${t.idType ?? 'uuid'} AND user_id = $2::uuid RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [recordId, userId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }
}
