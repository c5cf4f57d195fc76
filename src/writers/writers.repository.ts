import { Injectable } from '@nestjs/common';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AspectEntity } from '../aspects/aspect.entity';
import { userSummary, type UserSummary } from '../common/dto/user-summary.dto';
import { NotFoundError } from '../common/errors/api-errors';
import { translatingViolations } from '../database/database-errors';
import { keyCondition, lowerNames, nameIn, sampleNameCondition, subtreeCondition, descendantsPattern } from '../database/key-sql';
import { selectEntityColumns } from '../database/entity-select';
import { PreparedSql } from '../database/prepared-sql';
import { roomKeyWhere } from '../rooms/rooms.repository';
import { SampleEntity } from '../samples/sample.entity';
import { SubjectEntity } from '../subjects/subject.entity';
import { User } from '../users/user.entity';
import { isUuid, KIND_TABLES, ResourceKind, WritableKind } from './resource-kind';
import { WRITER_ENTITIES, type WriterLink } from './writer.entity';

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
  fullName: string | null;
}

function toUser(r: UserRow): WriterUser {
  return userSummary(r);
}

/** A record with its writers' ids, as SQL gives it. */
type TargetRow = { id: string; name: string; writer_ids: string[] };

function toTarget(r: TargetRow): WriterTarget {
  return { id: r.id, name: r.name, writerIds: r.writer_ids };
}

/** A writers list's join row, as SQL gives it (a room's record id is an integer). */
type LinkRow = WriterLink;

/**
 * Every query of the writers feature, through the QueryBuilder with named parameters: the
 * records by their kinds' entities (KIND_TABLES), the writers lists by their join tables'
 * entities (writer.entity.ts). The look-ups that every guarded write makes run prepared (their
 * texts vary only with the kind and the key's form).
 */
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
    let where: { sql: string; params: Record<string, unknown> };
    if (t.idType === 'integer') where = roomKeyWhere(key, 'r');
    else {
      const c = keyCondition(key, 'r.id', `r.${t.keyColumn}`, 'key');
      where = { sql: c.sql, params: { key: c.param } };
    }
    const make = () => {
      const qb = this.withWriterIds(kind, this.db.createQueryBuilder(t.entity, 'r').select('r.id::text', 'id').addSelect(`r.${t.keyColumn}`, 'name'));
      qb.where(where.sql);
      for (const [sql, direction] of t.keyOrder ?? []) qb.addOrderBy(sql, direction);
      return qb.limit(1);
    };
    const rows = await this.sql.rows<TargetRow>(`writers.target ${kind} ${where.sql}`, make, where.params);
    return rows[0] ? toTarget(rows[0]) : null;
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
    const named = sampleNameCondition('s', 'a', { subjectPath, aspectName });
    const make = () =>
      this.withWriterIds(
        ResourceKind.Aspect,
        this.db
          .createQueryBuilder(AspectEntity, 'a')
          .select('a.id::text', 'id')
          .addSelect('a.name', 'name')
          .innerJoin(SampleEntity, 'sm', 'sm.aspectId = a.id')
          .innerJoin(SubjectEntity, 's', 's.id = sm.subjectId')
          .where(named.sql)
          .limit(1),
        'a',
      );
    const rows = await this.sql.rows<TargetRow>('writers.sampleAspect', make, named.params);
    return rows[0] ? toTarget(rows[0]) : null;
  }

  /**
   * The writer ids of each of these aspects (ONE query for all of them; bulk upsert asks once
   * per request). Unknown ids are absent from the map; an aspect without writers maps to [].
   */
  async aspectWriters(aspectIds: string[]): Promise<Map<string, string[]>> {
    const ids = [...new Set(aspectIds.filter(isUuid))];
    if (ids.length === 0) return new Map();
    const make = () => this.withWriterIds(ResourceKind.Aspect, this.db.createQueryBuilder(AspectEntity, 'a').select('a.id::text', 'id').where('a.id = ANY(CAST(:ids AS uuid[]))'), 'a');
    const rows = await this.sql.rows<Omit<TargetRow, 'name'>>('writers.aspectWriters', make, { ids });
    return new Map(rows.map((r) => [r.id, r.writer_ids]));
  }

  /**
   * Every subject of the subtree of `root` (itself included, descendants found by absolute path
   * prefix) that has writers, with them, ordered by absolutePath: ONE query.
   */
  async protectedSubtree(root: { id: string; absolutePath: string }): Promise<WriterTarget[]> {
    const rows = await this.db
      .createQueryBuilder(SubjectEntity, 's')
      .select('s.id::text', 'id')
      .addSelect('s.absolute_path', 'name')
      .addSelect('array_agg(w.user_id::text)', 'writer_ids')
      .innerJoin(WRITER_ENTITIES[ResourceKind.Subject], 'w', 'w.recordId = s.id')
      .where(subtreeCondition('s.id', 's.absolute_path', 'id', 'descendants'), { id: root.id, descendants: descendantsPattern(root.absolutePath) })
      .groupBy('s.id')
      .addGroupBy('s.absolute_path')
      .orderBy('s.absolute_path')
      .getRawMany<TargetRow>();
    return rows.map(toTarget);
  }

  /** The writers of a record, as users, by name. */
  async listWriters(kind: WritableKind, recordId: string): Promise<WriterUser[]> {
    const rows = await this.writerUsers(kind, recordId).orderBy('lower(u.name)').addOrderBy('u.id').getRawMany<UserRow>();
    return rows.map(toUser);
  }

  /** One writer of a record by user name (exact, any case) or id; null when not a writer. */
  async findWriter(kind: WritableKind, recordId: string, userKey: string): Promise<WriterUser | null> {
    const c = keyCondition(userKey, 'u.id', 'u.name', 'userKey');
    const row = await this.writerUsers(kind, recordId).andWhere(c.sql, { userKey: c.param }).limit(1).getRawOne<UserRow>();
    return row ? toUser(row) : null;
  }

  /** Resolves user names or ids to ids (live users only); the map's keys are the keys as given. */
  async resolveUsers(keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter(isUuid);
    const names = lowerNames(keys.filter((k) => !isUuid(k)));
    // the User entity leaves deleted users out
    const rows = await this.db
      .createQueryBuilder(User, 'u')
      .select('u.id::text', 'id')
      .addSelect('u.name', 'name')
      .where(`(u.id = ANY(CAST(:ids AS uuid[])) OR ${nameIn('u.name', 'names')})`, { ids, names })
      .getRawMany<{ id: string; name: string }>();
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
    const entity = WRITER_ENTITIES[kind];
    const id = this.recordKey(kind, recordId);
    // The record (or a user) vanished between the lookup and the insert.
    const rows = await translatingViolations({ foreignKey: () => new NotFoundError({ source: t.source }) }, () =>
      this.db.transaction(async (m) => {
        if (userIds.length) {
          await m
            .createQueryBuilder()
            .insert()
            .into(entity)
            .values(userIds.map((userId) => ({ recordId: id, userId })))
            .orIgnore()
            .updateEntity(false)
            .execute();
        }
        return selectEntityColumns(m, entity, 'w')
          .where('w.recordId = :id AND w.userId = ANY(CAST(:userIds AS uuid[]))', { id, userIds })
          .orderBy('w.createdAt')
          .addOrderBy('w.userId')
          .getRawMany<LinkRow>();
      }),
    );
    return rows.map((r) => ({
      [t.foreignKeyProperty]: String(r.recordId),
      userId: r.userId,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    }));
  }

  /** Removes every writer of a record. */
  async removeAllWriters(kind: WritableKind, recordId: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .delete()
      .from(WRITER_ENTITIES[kind])
      .where('recordId = :id', { id: this.recordKey(kind, recordId) })
      .execute();
  }

  /** Removes one writer; false when that user was not a writer. */
  async removeWriter(kind: WritableKind, recordId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(WRITER_ENTITIES[kind])
      .where('recordId = :id AND userId = :userId', { id: this.recordKey(kind, recordId), userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** `qb` (a record of `kind` under `alias`) with `writer_ids`: its writers' ids ({} when it has none). */
  private withWriterIds<Q extends SelectQueryBuilder<ObjectLiteral>>(kind: WritableKind, qb: Q, alias = 'r'): Q {
    qb.addSelect(
      (sub) => sub.select("COALESCE(array_agg(w.user_id::text), '{}'::text[])").from(WRITER_ENTITIES[kind], 'w').where(`w.recordId = ${alias}.id`),
      'writer_ids',
    );
    return qb;
  }

  /** The users of a record's writers list (deleted users too, as they are listed). */
  private writerUsers(kind: WritableKind, recordId: string): SelectQueryBuilder<WriterLink> {
    return (
      this.db
        .createQueryBuilder(WRITER_ENTITIES[kind], 'w')
        // before the join: TypeORM adds the users' `deleted_at IS NULL` when the join is made
        .withDeleted()
        .innerJoin(User, 'u', 'u.id = w.userId')
        .select('u.id::text', 'id')
        .addSelect('u.name', 'name')
        .addSelect('u.email', 'email')
        .addSelect('u.full_name', 'fullName')
        .where('w.recordId = :id', { id: this.recordKey(kind, recordId) })
    );
  }

  /** A record id as its column takes it (rooms: an integer). */
  private recordKey(kind: WritableKind, recordId: string): string | number {
    return KIND_TABLES[kind].idType === 'integer' ? Number(recordId) : recordId;
  }
}
