import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { orderBySql, positionalFilters } from '../database/list-sql';
import { keyCondition } from '../common/key';
import { descendantsPattern } from '../subjects/subject-hierarchy.repository';

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
export interface StatusChangeRow {
  name: string;
  subject_id: string;
  aspect_id: string;
  from_status: string | null;
  to_status: string;
  value: string;
  message_code: string | null;
  at: Date;
  total_count?: string;
}

/** Seconds one sample spent in one status within a window. */
export interface StatusSecondsRow {
  name: string;
  status: string;
  seconds: number;
}

/**
 * Which history rows (h), of which subjects (sub) and aspects (a): SQL conditions over those
 * aliases with their parameters, numbered from $1.
 */
export interface HistoryScope {
  conditions: string[];
  params: unknown[];
}

const LEVEL_SQL = `(length(sub.absolute_path) - length(replace(sub.absolute_path, '.', '')) + 1)`;
const FROM = `FROM sample_status_history h JOIN subjects sub ON sub.id = h.subject_id JOIN aspects a ON a.id = h.aspect_id`;

/** Every query on sample_status_history (the inserts ride on the sample statements: helpers/history-sql.ts). */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: DataSource) {}

  /** The sample named `subjectPath|aspectName` (exact, ignoring case), or null. */
  async findSample(subjectPath: string, aspectName: string): Promise<SampleRef | null> {
    const rows = (await this.db.query(
      `SELECT s.subject_id::text AS "subjectId", s.aspect_id::text AS "aspectId", sub.absolute_path || '|' || a.name AS name
         FROM samples s JOIN subjects sub ON sub.id = s.subject_id JOIN aspects a ON a.id = s.aspect_id
        WHERE lower(sub.absolute_path) = lower($1) AND lower(a.name) = lower($2)`,
      [subjectPath, aspectName],
    )) as SampleRef[];
    return rows[0] ?? null;
  }

  /** A subject by id or absolutePath, or null. */
  async findSubject(key: string): Promise<SubjectRef | null> {
    const c = keyCondition(key, 'id', 'absolute_path', 1);
    const rows = (await this.db.query(
      `SELECT id::text AS id, absolute_path AS "absolutePath",
              length(absolute_path) - length(replace(absolute_path, '.', '')) + 1 AS level
         FROM subjects WHERE ${c.sql}`,
      [c.param],
    )) as SubjectRef[];
    return rows[0] ? { ...rows[0], level: Number(rows[0].level) } : null;
  }

  /** Scope: one sample. */
  static sampleScope(s: SampleRef): HistoryScope {
    return { conditions: ['h.subject_id = $1::uuid', 'h.aspect_id = $2::uuid'], params: [s.subjectId, s.aspectId] };
  }

  /** Scope: the subtree of `root`, at most `depth` levels below it (0 = all). */
  static subtreeScope(root: SubjectRef, depth: number): HistoryScope {
    const scope: HistoryScope = {
      conditions: [`(sub.id = $1::uuid OR lower(sub.absolute_path) LIKE $2 ESCAPE '\\')`],
      params: [root.id, descendantsPattern(root.absolutePath)],
    };
    if (depth > 0) {
      scope.params.push(root.level + depth);
      scope.conditions.push(`${LEVEL_SQL} <= $${scope.params.length}::int`);
    }
    return scope;
  }

  /** A page of changes in `scope` plus list conditions `q` (numbered after the scope's), and the number of matches. */
  async list(scope: HistoryScope, q: ListQuery): Promise<RowsAndTotal<StatusChangeRow>> {
    const filters = positionalFilters(q, scope.params.length + 1);
    const where = `WHERE ${[...scope.conditions, ...filters.conditions].join(' AND ')}`;
    const params = [...scope.params, ...filters.params];
    const n = params.length;
    const rows = (await this.db.query(
      `SELECT sub.absolute_path || '|' || a.name AS name, h.subject_id::text AS subject_id,
              h.aspect_id::text AS aspect_id, h.from_status, h.to_status, h.value, h.message_code, h.at,
              count(*) OVER () AS total_count
         ${FROM} ${where} ORDER BY ${orderBySql(q.order)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, q.limit, q.offset],
    )) as StatusChangeRow[];
    if (rows.length > 0 || q.offset === 0) return { rows, total: rows.length ? Number(rows[0].total_count) : 0 };
    const count = (await this.db.query(`SELECT count(*) AS n ${FROM} ${where}`, params)) as { n: string }[];
    return { rows, total: Number(count[0].n) };
  }

  /**
   * Seconds each current sample in `scope` spent in each status between `start` and `end`, in
   * one query. The status at `start` is the last change before it, else the first change's
   * "from" (null when that change created the sample: no time counted before it), else — no
   * change at all — the current status since start (or since the sample was created).
   */
  async secondsByStatus(scope: HistoryScope, start: Date, end: Date): Promise<StatusSecondsRow[]> {
    const p = scope.params.length;
    const $start = `$${p + 1}::timestamptz`;
    const $end = `$${p + 2}::timestamptz`;
    const where = scope.conditions.join(' AND ').replace(/\bh\.(subject_id|aspect_id)\b/g, 'sc.$1');
    const rows = (await this.db.query(
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
      [...scope.params, start.toISOString(), end.toISOString()],
    )) as StatusSecondsRow[];
    return rows.map((r) => ({ ...r, seconds: Number(r.seconds) }));
  }
}
