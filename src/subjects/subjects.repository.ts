import { Injectable } from '@nestjs/common';
import { insertReturningId } from '../database/entity-select';
import { DataSource, EntityManager, type SelectQueryBuilder } from 'typeorm';
import { advisoryXactLock } from '../database/advisory-lock';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError, NotFoundError, ValidationError } from '../common/errors/api-errors';
import { descendantsOf, descendantsPattern, keyCondition, nameEquals, subtreeCondition } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import type { DescribedFields } from '../common/described-record.service';
import { resolveOwnerId, setTagsAndLinks, withUsers } from '../database/record-sql';
import { translateViolation } from '../database/database-errors';
import { RelatedLink } from '../common/tag-link-ops';
import { childPath, isSameOrUnder, SubjectErrors } from './helpers/subject-rules';
import { PreparedSql } from '../database/prepared-sql';
import { SubjectEntity } from './subject.entity';
import { LEVEL_SQL, PARENT_PATH_SQL } from './subject-hierarchy.repository';

/** Advisory lock key of the subject hierarchy writes. */
const HIERARCHY_LOCK = 7264001;

/** The stored, writable state of a subject. */
export interface SubjectWrite extends DescribedFields {
  name: string;
  absolutePath: string;
  parentId: string | null;
  isPublished: boolean;
  sortBy: string;
  geolocation: number[] | null;
  ownerId: string | null;
}

/** A subject as read from the database, with its computed fields and embedded users. */
export interface SubjectRow extends SubjectWrite {
  id: string;
  parentAbsolutePath: string;
  childCount: number;
  hierarchyLevel: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: UserSummary | null;
  owner: UserSummary | null;
}

const COLUMNS = `
  s.id, s.name, s.absolute_path AS "absolutePath", s.parent_id AS "parentId",
  ${PARENT_PATH_SQL} AS "parentAbsolutePath",
  (SELECT count(*)::int FROM subjects c WHERE c.parent_id = s.id) AS "childCount",
  ${LEVEL_SQL}::int AS "hierarchyLevel",
  s.is_published AS "isPublished", s.description, s.help_email AS "helpEmail", s.help_url AS "helpUrl",
  s.image_url AS "imageUrl", s.sort_by AS "sortBy", s.tags, s.related_links AS "relatedLinks",
  s.geolocation, s.created_by AS "createdBy", s.owner_id AS "ownerId",
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/**
 * Subjects (alias `s`) as SubjectRow: the columns in the order responses show them, the
 * computed fields, the creator and owner embedded. The caller adds its conditions.
 */
export function selectSubjects(db: DataSource | EntityManager): SelectQueryBuilder<SubjectEntity> {
  return withUsers(db.createQueryBuilder(SubjectEntity, 's').select(COLUMNS), 's');
}

/** Every query on subjects but the hierarchy reads (subject-hierarchy.repository.ts). */
@Injectable()
export class SubjectsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /** By UUID (id only) or absolutePath (exact, ignoring case). */
  async findByKey(key: string): Promise<SubjectRow | null> {
    const c = keyCondition(key, 's.id', 's.absolute_path', 'key');
    return this.findOne(c.sql, { key: c.param });
  }

  /** By absolutePath only (exact, ignoring case), even when it looks like a UUID. */
  async findByPath(path: string): Promise<SubjectRow | null> {
    return this.findOne(nameEquals('s.absolute_path', 'path'), { path });
  }

  /** The id of the live user named (or with the id) `owner`; unknown → 400. */
  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.ds, owner);
  }

  async findById(id: string): Promise<SubjectRow | null> {
    return this.findOne('s.id = :id', { id });
  }

  /** One page of a list and the total number of matches. */
  list(q: ListQuery): Promise<RowsAndTotal<SubjectRow>> {
    return listPageOf(selectSubjects(this.ds), q);
  }

  /**
   * Inserts a subject; a taken absolutePath (any case) → 409. Returns the new id. The path is
   * computed from the parent row under the hierarchy lock, so a concurrent move cannot leave it stale.
   */
  async insert(v: SubjectWrite, createdBy: string): Promise<string> {
    try {
      return await this.ds.transaction(async (m) => {
        await this.lockHierarchy(m);
        const row = { ...v, absolutePath: childPath(await this.lockedParentPath(m, v.parentId), v.name) };
        return insertReturningId(m, SubjectEntity, { ...row, createdBy });
      });
    } catch (e) {
      throw this.translate(e, v.absolutePath);
    }
  }

  /**
   * Writes a subject and, when its absolutePath changed, rewrites every descendant's path in
   * ONE statement. Paths are re-read under the hierarchy lock (writes that move or create
   * subjects are serialised; reads are not). Samples are keyed by ids, so they stay.
   */
  async update(id: string, v: SubjectWrite): Promise<void> {
    try {
      await this.ds.transaction(async (m) => {
        await this.lockHierarchy(m);
        const oldPath = await this.pathOf(m, id);
        if (oldPath === null) throw new NotFoundError({ source: 'Subject', value: id });
        const parentPath = await this.lockedParentPath(m, v.parentId);
        if (parentPath !== null && isSameOrUnder(parentPath, oldPath)) throw SubjectErrors.selfParenting();
        const row = { ...v, absolutePath: childPath(parentPath, v.name) };
        await m
          .createQueryBuilder()
          .update(SubjectEntity)
          .set({ ...row, updatedAt: () => 'now()' })
          .where('id = :id', { id })
          .execute();
        if (oldPath !== row.absolutePath) {
          // every descendant's path in one set-based statement, under the lock (rule 8)
          await m
            .createQueryBuilder()
            .update(SubjectEntity)
            .set({ absolutePath: () => 'CAST(:newPath AS varchar) || substr(absolute_path, :keep)', updatedAt: () => 'now()' })
            .where(descendantsOf('absolute_path', 'descendants'), { descendants: descendantsPattern(oldPath) })
            .setParameters({ newPath: row.absolutePath, keep: oldPath.length + 1 })
            .execute();
        }
      });
    } catch (e) {
      throw this.translate(e, v.absolutePath);
    }
  }

  /** Replaces tags and related links only (the tag / link delete endpoints). */
  setTagsAndLinks(id: string, tags: string[], links: RelatedLink[]): Promise<void> {
    return setTagsAndLinks(this.ds, SubjectEntity, id, tags, links);
  }

  /** Is `path` used by a subject other than `exceptId` (ignoring case)? */
  async pathTaken(path: string, exceptId: string | null): Promise<boolean> {
    const qb = this.ds.createQueryBuilder(SubjectEntity, 's').where(nameEquals('s.absolute_path', 'path'), { path });
    if (exceptId !== null) qb.andWhere('s.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  async hasPublishedChild(id: string): Promise<boolean> {
    return this.ds.createQueryBuilder(SubjectEntity, 's').where('s.parentId = :id AND s.isPublished', { id }).getExists();
  }

  /** Deletes one subject (its samples and writers go by cascade); false when it has children. */
  async deleteLeaf(id: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await this.lockHierarchy(m);
      const deleted = await m
        .createQueryBuilder()
        .delete()
        .from(SubjectEntity)
        .where('id = :id AND NOT EXISTS (SELECT 1 FROM subjects c WHERE c.parent_id = subjects.id)', { id })
        .execute();
      return (deleted.affected ?? 0) > 0;
    });
  }

  /** Deletes a subject and all its descendants in one statement (path re-read under the lock). */
  async deleteSubtree(id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.lockHierarchy(m);
      const path = await this.pathOf(m, id);
      if (path === null) return;
      await m
        .createQueryBuilder()
        .delete()
        .from(SubjectEntity)
        .where(subtreeCondition('id', 'absolute_path', 'id', 'descendants'), { id, descendants: descendantsPattern(path) })
        .execute();
    });
  }

  /** The first subject with `where` (a fixed text per key form), or null: built once per form, run prepared. */
  private async findOne(where: string, params: Record<string, unknown>): Promise<SubjectRow | null> {
    const rows = await this.sql.rows<SubjectRow>(`subjects.one ${where}`, () => selectSubjects(this.ds).where(where), params);
    return rows[0] ?? null;
  }

  /**
   * Serialises the writes that create, move, rename or delete subjects (a transaction-level
   * advisory lock), so that paths computed from a parent cannot go stale meanwhile.
   */
  private lockHierarchy(m: EntityManager): Promise<void> {
    return advisoryXactLock(m, HIERARCHY_LOCK);
  }

  /** The current absolutePath of subject `id`, or null when there is none. */
  private async pathOf(m: EntityManager, id: string): Promise<string | null> {
    const row = await m
      .createQueryBuilder(SubjectEntity, 's')
      .select('s.absolute_path', 'path')
      .where('s.id = :id', { id })
      .getRawOne<{ path: string }>();
    return row?.path ?? null;
  }

  /** The current absolutePath of the parent (null for none); gone meanwhile → 400 ParentSubjectNotFound. */
  private async lockedParentPath(m: EntityManager, parentId: string | null): Promise<string | null> {
    if (!parentId) return null;
    const path = await this.pathOf(m, parentId);
    if (path === null) throw SubjectErrors.parentNotFound(parentId);
    return path;
  }

  private translate(e: unknown, path: string): unknown {
    return translateViolation(e, {
      tooLong: () =>
        new ValidationError({
          message: 'The absolutePath of the subject or of a descendant would be longer than 4096 characters',
          source: 'absolutePath',
          value: path,
        }),
      unique: () =>
        new DuplicateResourceError({
          message: `A subject with absolutePath ${path} already exists`,
          source: 'Subject',
          value: path,
        }),
    });
  }
}
