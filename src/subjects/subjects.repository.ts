import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DuplicateResourceError, NotFoundError, ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import { ListQuery, ListSpec } from '../common/list-query';
import { DESCRIBED_STRINGS, listColumns, listPage, TIMESTAMPS } from '../common/list-sql';
import type { DescribedFields } from '../common/described-record.service';
import { resolveOwnerId, usersAndFromSql } from '../common/owner';
import { translateViolation } from '../database/database-errors';
import { RelatedLink, setTagsAndLinks } from '../common/tag-link-ops';
import { childPath, isSameOrUnder, SubjectErrors } from './helpers/subject-rules';
import { PreparedSql } from '../database/prepared-sql';

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
  user: Record<string, unknown> | null;
  owner: Record<string, unknown> | null;
}

/** A sample of the hierarchy (timestamps already ISO strings; the aspect is attached in memory). */
export interface HierarchySampleRow {
  subjectId: string;
  aspectId: string;
  value: string;
  status: string;
  previousStatus: string;
  statusChangedAt: string;
  messageCode: string | null;
  messageBody: string | null;
  relatedLinks: unknown[];
  createdAt: string;
  updatedAt: string;
}

/** An aspect as embedded in hierarchy samples (nulls omitted). */
export type HierarchyAspect = Record<string, unknown> & { id: string; name: string; tags?: string[] };

const PARENT_PATH_SQL = `regexp_replace(s.absolute_path, '\\.?[^.]*$', '')`;
// Root subjects are level 1, as in the original (sequelize-hierarchy counts from 1).
const LEVEL_SQL = `(length(s.absolute_path) - length(replace(s.absolute_path, '.', '')) + 1)`;

const COLUMNS = `
  s.id, s.name, s.absolute_path AS "absolutePath", s.parent_id AS "parentId",
  ${PARENT_PATH_SQL} AS "parentAbsolutePath",
  (SELECT count(*)::int FROM subjects c WHERE c.parent_id = s.id) AS "childCount",
  ${LEVEL_SQL}::int AS "hierarchyLevel",
  s.is_published AS "isPublished", s.description, s.help_email AS "helpEmail", s.help_url AS "helpUrl",
  s.image_url AS "imageUrl", s.sort_by AS "sortBy", s.tags, s.related_links AS "relatedLinks",
  s.geolocation, s.created_by AS "createdBy", s.owner_id AS "ownerId",
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

export const SELECT = `SELECT ${COLUMNS}, ${usersAndFromSql('subjects', 's')}`;

/** The list endpoint's view of the subjects table. */
export const SUBJECT_LIST_SPEC: ListSpec = {
  source: 'Subject',
  columns: {
    ...listColumns('s', 'string', ['absolutePath', 'name', ...DESCRIBED_STRINGS]),
    ...listColumns('s', 'boolean', ['isPublished']),
    ...listColumns('s', 'string', ['sortBy']),
    parentAbsolutePath: { sql: PARENT_PATH_SQL, kind: 'string' },
    parentId: { sql: 's.parent_id::text', kind: 'string' },
    hierarchyLevel: { sql: LEVEL_SQL, kind: 'number' },
    childCount: { sql: '(SELECT count(*) FROM subjects c WHERE c.parent_id = s.id)', kind: 'number', filter: false },
    ...listColumns('s', 'tags', ['tags']),
    ...listColumns('s', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'absolutePath', 'name', 'parentId', 'parentAbsolutePath', 'childCount', 'hierarchyLevel', 'isPublished',
    'description', 'helpEmail', 'helpUrl', 'imageUrl', 'sortBy', 'tags', 'relatedLinks', 'geolocation',
    'createdBy', 'createdAt', 'updatedAt', 'user', 'owner',
  ],
  defaultSort: ['absolutePath'],
  idSql: 's.id',
};

/** LIKE pattern (ESCAPE '\') for the strict descendants of `path`, lower-cased. */
export function descendantsPattern(path: string): string {
  return `${path.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
}

/** Every query on subjects (and the hierarchy's samples). */
@Injectable()
export class SubjectsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /** By UUID (id only) or absolutePath (exact, ignoring case). */
  async findByKey(key: string): Promise<SubjectRow | null> {
    const c = keyCondition(key, 's.id', 's.absolute_path', 1);
    const rows = (await this.sql.query(`${SELECT} WHERE ${c.sql}`, [c.param])) as SubjectRow[];
    return rows[0] ?? null;
  }

  /** By absolutePath only (exact, ignoring case), even when it looks like a UUID. */
  async findByPath(path: string): Promise<SubjectRow | null> {
    const rows = (await this.sql.query(`${SELECT} WHERE lower(s.absolute_path) = lower($1)`, [path])) as SubjectRow[];
    return rows[0] ?? null;
  }

  /** The id of the live user named (or with the id) `owner`; unknown → 400. */
  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.ds, owner);
  }

  async findById(id: string): Promise<SubjectRow | null> {
    const rows = (await this.sql.query(`${SELECT} WHERE s.id = $1`, [id])) as SubjectRow[];
    return rows[0] ?? null;
  }

  /** One page of a list and the total number of matches. */
  list(q: ListQuery): Promise<{ rows: SubjectRow[]; total: number }> {
    return listPage(this.ds, SELECT, 'subjects s', q);
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
        const rows: { id: string }[] = await m.query(
          `INSERT INTO subjects (name, absolute_path, parent_id, is_published, description, help_email, help_url,
             image_url, sort_by, tags, related_links, geolocation, owner_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14) RETURNING id`,
          [...this.writeParams(row), createdBy],
        );
        return rows[0].id;
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
        const self: { path: string }[] = await m.query(`SELECT absolute_path AS path FROM subjects WHERE id = $1`, [id]);
        if (!self.length) throw new NotFoundError({ source: 'Subject', value: id });
        const oldPath = self[0].path;
        const parentPath = await this.lockedParentPath(m, v.parentId);
        if (parentPath !== null && isSameOrUnder(parentPath, oldPath)) throw SubjectErrors.selfParenting();
        const row = { ...v, absolutePath: childPath(parentPath, v.name) };
        await m.query(
          `UPDATE subjects SET name = $1, absolute_path = $2, parent_id = $3, is_published = $4, description = $5,
             help_email = $6, help_url = $7, image_url = $8, sort_by = $9, tags = $10, related_links = $11::jsonb,
             geolocation = $12, owner_id = $13, updated_at = now()
           WHERE id = $14`,
          [...this.writeParams(row), id],
        );
        if (oldPath !== row.absolutePath) {
          await m.query(
            `UPDATE subjects SET absolute_path = $1 || substr(absolute_path, $2), updated_at = now()
             WHERE lower(absolute_path) LIKE $3 ESCAPE '\\'`,
            [row.absolutePath, oldPath.length + 1, descendantsPattern(oldPath)],
          );
        }
      });
    } catch (e) {
      throw this.translate(e, v.absolutePath);
    }
  }

  /** Replaces tags and related links only (the tag / link delete endpoints). */
  setTagsAndLinks(id: string, tags: string[], links: RelatedLink[]): Promise<void> {
    return setTagsAndLinks(this.ds, 'subjects', id, tags, links);
  }

  /** Is `path` used by a subject other than `exceptId` (ignoring case)? */
  async pathTaken(path: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM subjects WHERE lower(absolute_path) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [path, exceptId],
    );
    return rows.length > 0;
  }

  async hasPublishedChild(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM subjects WHERE parent_id = $1 AND is_published LIMIT 1`, [id]);
    return rows.length > 0;
  }

  /**
   * Deletes one subject (its samples and writers go by cascade); false when it has children.
   * (Wrapped in a CTE: TypeORM answers a bare DELETE … RETURNING with [rows, count].)
   */
  async deleteLeaf(id: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await this.lockHierarchy(m);
      const rows: unknown[] = await m.query(
        `WITH d AS (
           DELETE FROM subjects s WHERE s.id = $1 AND NOT EXISTS (SELECT 1 FROM subjects c WHERE c.parent_id = s.id) RETURNING id
         ) SELECT id FROM d`,
        [id],
      );
      return rows.length > 0;
    });
  }

  /** Deletes a subject and all its descendants in one statement (path re-read under the lock). */
  async deleteSubtree(id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.lockHierarchy(m);
      await m.query(
        `DELETE FROM subjects WHERE id = $1 OR lower(absolute_path) LIKE (
           SELECT replace(replace(replace(lower(absolute_path), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '.%'
           FROM subjects WHERE id = $1) ESCAPE '\\'`,
        [id],
      );
    });
  }

  /**
   * Serialises the writes that create, move, rename or delete subjects (a transaction-level
   * advisory lock), so that paths computed from a parent cannot go stale meanwhile.
   */
  private async lockHierarchy(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [HIERARCHY_LOCK]);
  }

  /** The current absolutePath of the parent (null for none); gone meanwhile → 400 ParentSubjectNotFound. */
  private async lockedParentPath(m: EntityManager, parentId: string | null): Promise<string | null> {
    if (!parentId) return null;
    const rows: { path: string }[] = await m.query(`SELECT absolute_path AS path FROM subjects WHERE id = $1`, [parentId]);
    if (!rows.length) throw SubjectErrors.parentNotFound(parentId);
    return rows[0].path;
  }

  /**
   * Published subjects of the subtree rooted at `root`, at most `depth` levels below it (0 = all),
   * for the hierarchy: child counts from one grouped join, timestamps as ISO text, no embedded
   * users (hierarchy nodes do not carry `user`/`owner`).
   */
  async publishedSubtree(root: SubjectRow, depth: number): Promise<SubjectRow[]> {
    const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    return this.ds.query(
      `WITH sub AS (
         SELECT * FROM subjects s
         WHERE s.is_published AND (s.id = $1 OR lower(s.absolute_path) LIKE $2 ESCAPE '\\')
           AND ($3::int = 0 OR ${LEVEL_SQL} <= $4::int)
       ), counts AS (
         SELECT c.parent_id, count(*)::int AS n FROM subjects c WHERE c.parent_id IN (SELECT id FROM sub) GROUP BY c.parent_id
       )
       SELECT s.id, s.name, s.absolute_path AS "absolutePath", s.parent_id AS "parentId",
         ${PARENT_PATH_SQL} AS "parentAbsolutePath", COALESCE(counts.n, 0) AS "childCount",
         ${LEVEL_SQL}::int AS "hierarchyLevel", s.is_published AS "isPublished", s.description,
         s.help_email AS "helpEmail", s.help_url AS "helpUrl", s.image_url AS "imageUrl", s.sort_by AS "sortBy",
         s.tags, s.related_links AS "relatedLinks", s.geolocation, s.created_by AS "createdBy",
         ${iso('s.created_at')} AS "createdAt", ${iso('s.updated_at')} AS "updatedAt"
       FROM sub s LEFT JOIN counts ON counts.parent_id = s.id`,
      [root.id, descendantsPattern(root.absolutePath), depth, root.hierarchyLevel + depth],
    );
  }

  /**
   * Samples of the published subjects of a subtree whose aspect is published, and those aspects
   * (one query each; each aspect is built once, not once per sample). Samples come ordered by
   * aspect name, sorted here rather than in SQL: an ORDER BY made PostgreSQL walk the samples
   * aspect by aspect through an index (4–5 × the time of one scan and a hash join once the
   * table has dead row versions).
   */
  async subtreeSamples(root: SubjectRow, depth: number): Promise<{ samples: HierarchySampleRow[]; aspects: HierarchyAspect[] }> {
    const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const samples: HierarchySampleRow[] = await this.ds.query(
      `SELECT sm.subject_id AS "subjectId", sm.aspect_id AS "aspectId", sm.value, sm.status,
         sm.previous_status AS "previousStatus", ${iso('sm.status_changed_at')} AS "statusChangedAt",
         sm.message_code AS "messageCode", sm.message_body AS "messageBody", sm.related_links AS "relatedLinks",
         ${iso('sm.created_at')} AS "createdAt", ${iso('sm.updated_at')} AS "updatedAt"
       FROM samples sm
       JOIN subjects s ON s.id = sm.subject_id
       JOIN aspects a ON a.id = sm.aspect_id
       WHERE s.is_published AND a.is_published AND (s.id = $1 OR lower(s.absolute_path) LIKE $2 ESCAPE '\\')
         AND ($3::int = 0 OR ${LEVEL_SQL} <= $4::int)`,
      [root.id, descendantsPattern(root.absolutePath), depth, root.hierarchyLevel + depth],
    );
    const ids = Array.from(new Set(samples.map((x) => x.aspectId)));
    if (!ids.length) return { samples, aspects: [] };
    const rows: { id: string; aspect: HierarchyAspect }[] = await this.ds.query(
      `SELECT a.id, json_strip_nulls(json_build_object('id', a.id, 'name', a.name, 'timeout', a.timeout, 'valueType', a.value_type,
           'criticalRange', a.critical_range, 'warningRange', a.warning_range, 'infoRange', a.info_range,
           'okRange', a.ok_range, 'rank', a.rank, 'valueLabel', a.value_label, 'isPublished', a.is_published,
           'description', a.description, 'helpEmail', a.help_email, 'helpUrl', a.help_url, 'imageUrl', a.image_url,
           'tags', a.tags, 'relatedLinks', a.related_links)) AS aspect
       FROM aspects a WHERE a.id = ANY($1::uuid[]) ORDER BY lower(a.name)`,
      [ids],
    );
    // By aspect name: one bucket per aspect, in the aspects' order (linear, stable).
    const buckets = new Map<string, HierarchySampleRow[]>(rows.map((r) => [r.id, []]));
    for (const sample of samples) buckets.get(sample.aspectId)?.push(sample);
    return { samples: [...buckets.values()].flat(), aspects: rows.map((r) => r.aspect) };
  }

  private writeParams(v: SubjectWrite): unknown[] {
    return [
      v.name, v.absolutePath, v.parentId, v.isPublished, v.description, v.helpEmail, v.helpUrl, v.imageUrl,
      v.sortBy, v.tags, JSON.stringify(v.relatedLinks), v.geolocation, v.ownerId,
    ];
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
