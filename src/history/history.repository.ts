import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListFilters, ListQuery, RowsAndTotal } from '../common/list-query';
import { keyCondition } from '../common/key';
import { selectEntityColumns } from '../database/entity-select';
import { listPageOf } from '../database/list-sql';
import { descendantsPattern } from '../subjects/subject-hierarchy.repository';
import { StatusChangeEntity } from './status-change.entity';

/** A sample as its history needs it. */
export interface SampleRef {
  subjectId: string;
  aspectId: string;
  name: string;
}

/** A subject as the subtree queries need it. */
export interface SubjectRef {
  id: string;
  absolutePath: string;
  level: number;
}

/** One stored change, with the sample's current name. */
export type StatusChangeRow = StatusChangeEntity & { name: string };

/** Seconds one sample spent in one status within a window. */
export interface StatusSecondsRow {
  name: string;
  status: string;
  seconds: number;
}

/**
 * Which history rows (h), of which subjects (sub) and aspects (a): SQL conditions over those
 * aliases with their named parameters (`:h0`, `:h1`, … : see scopeParam).
 */
export type HistoryScope = ListFilters;

/**
 * Stores `value` as the next parameter of `scope`; returns its placeholder. Named `h<n>`, apart
 * from the list query's own `f<n>`, as both end up on one query.
 */
export function scopeParam(scope: HistoryScope, value: unknown): string {
  const name = `h${Object.keys(scope.params).length}`;
  scope.params[name] = value;
  return `:${name}`;
}

const LEVEL_SQL = `(length(sub.absolute_path) - length(replace(sub.absolute_path, '.', '')) + 1)`;
const SAMPLE_NAME_SQL = `sub.absolute_path || '|' || a.name`;

/** Every query on sample_status_history (the inserts ride on the sample statements: history-sql.ts). */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: DataSource) {}

  /** The sample named `subjectPath|aspectName` (exact, ignoring case), or null. */
  async findSample(subjectPath: string, aspectName: string): Promise<SampleRef | null> {
    const row = await this.db
      .createQueryBuilder()
      .select('s.subject_id', 'subjectId')
      .addSelect('s.aspect_id', 'aspectId')
      .addSelect(SAMPLE_NAME_SQL, 'name')
      .from('samples', 's')
      .innerJoin('subjects', 'sub', 'sub.id = s.subject_id')
      .innerJoin('aspects', 'a', 'a.id = s.aspect_id')
      .where('lower(sub.absolute_path) = lower(:subjectPath) AND lower(a.name) = lower(:aspectName)', { subjectPath, aspectName })
      .getRawOne<SampleRef>();
    return row ?? null;
  }

  /** A subject by id or absolutePath, or null. */
  async findSubject(key: string): Promise<SubjectRef | null> {
    const c = keyCondition(key, 'sub.id', 'sub.absolute_path', 'key');
    const row = await this.db
      .createQueryBuilder()
      .select('sub.id', 'id')
      .addSelect('sub.absolute_path', 'absolutePath')
      .addSelect(LEVEL_SQL, 'level')
      .from('subjects', 'sub')
      .where(c.sql, { key: c.param })
      .getRawOne<SubjectRef>();
    return row ? { ...row, level: Number(row.level) } : null;
  }

  /** Scope: one sample. */
  static sampleScope(s: SampleRef): HistoryScope {
    const scope: HistoryScope = { conditions: [], params: {} };
    scope.conditions.push(`h.subject_id = CAST(${scopeParam(scope, s.subjectId)} AS uuid)`, `h.aspect_id = CAST(${scopeParam(scope, s.aspectId)} AS uuid)`);
    return scope;
  }

  /** Scope: the subtree of `root`, at most `depth` levels below it (0 = all). */
  static subtreeScope(root: SubjectRef, depth: number): HistoryScope {
    const scope: HistoryScope = { conditions: [], params: {} };
    const id = scopeParam(scope, root.id);
    const below = scopeParam(scope, descendantsPattern(root.absolutePath));
    scope.conditions.push(`(sub.id = CAST(${id} AS uuid) OR lower(sub.absolute_path) LIKE ${below} ESCAPE '\\')`);
    if (depth > 0) scope.conditions.push(`${LEVEL_SQL} <= CAST(${scopeParam(scope, root.level + depth)} AS int)`);
    return scope;
  }

  /** A page of changes in `scope` that also match list query `q`, and the number of matches (counted by the page query). */
  list(scope: HistoryScope, q: ListQuery): Promise<RowsAndTotal<StatusChangeRow>> {
    const qb = selectEntityColumns(this.db, StatusChangeEntity, 'h')
      .addSelect(SAMPLE_NAME_SQL, 'name')
      .innerJoin('subjects', 'sub', 'sub.id = h.subject_id')
      .innerJoin('aspects', 'a', 'a.id = h.aspect_id')
      .where(scope.conditions.map((c) => `(${c})`).join(' AND ') || 'true', scope.params);
    return listPageOf(qb, q, { windowCount: true });
  }

  /**
   * Seconds each current sample in `scope` spent in each status between `start` and `end`, in
   * one query. The status at `start` is the last change before it, else the first change's
   * "from" (null when that change created the sample: no time counted before it), else — no
   * change at all — the current status since start (or since the sample was created).
   *
   * Hand-written, with named parameters: CTEs, LATERAL joins and a window function, which the
   * QueryBuilder has no form for. Not a CRUD or list query, and not benchmarked.
   */
  async secondsByStatus(scope: HistoryScope, start: Date, end: Date): Promise<StatusSecondsRow[]> {
    const $start = 'CAST(:windowStart AS timestamptz)';
    const $end = 'CAST(:windowEnd AS timestamptz)';
    const where = scope.conditions.join(' AND ').replace(/\bh\.(subject_id|aspect_id)\b/g, 'sc.$1');
    const [sql, params] = this.db.driver.escapeQueryWithParameters(
      `WITH sc AS (
         SELECT sc.subject_id, sc.aspect_id, sc.status, sc.created_at, sub.absolute_path || '|' || a.name AS name
           FROM samples sc JOIN subjects sub ON sub.id = sc.subject_id JOIN aspects a ON a.id = sc.aspect_id
          WHERE ${where} AND sc.created_at < ${$end}
       ), ev AS (
         SELECT sc.name, h.at, 1 AS ord, h.to_status AS status
           FROM sc JOIN sample_status_history h ON h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id
          WHERE h.at > ${$start} AND h.at < ${$end}
         UNION ALL
         SELECT sc.name, greatest(${$start}, sc.created_at), 0,
                CASE WHEN before.to_status IS NOT NULL THEN before.to_status
                     WHEN first.at IS NOT NULL THEN first.from_status
                     ELSE sc.status END
           FROM sc
           LEFT JOIN LATERAL (SELECT h.to_status FROM sample_status_history h
                               WHERE h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id AND h.at <= ${$start}
                               ORDER BY h.at DESC LIMIT 1) before ON true
           LEFT JOIN LATERAL (SELECT h.from_status, h.at FROM sample_status_history h
                               WHERE h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id AND h.at > ${$start}
                               ORDER BY h.at LIMIT 1) first ON true
       ), seg AS (
         SELECT name, status, at, lead(at, 1, ${$end}) OVER (PARTITION BY name ORDER BY at, ord) AS until FROM ev
       )
       SELECT name, status, sum(extract(epoch FROM until - at))::float8 AS seconds
         FROM seg WHERE status IS NOT NULL AND until > at GROUP BY name, status ORDER BY name, status`,
      { ...scope.params, windowStart: start.toISOString(), windowEnd: end.toISOString() },
    );
    const rows = (await this.db.query(sql, params)) as StatusSecondsRow[];
    return rows.map((r) => ({ ...r, seconds: Number(r.seconds) }));
  }
}
