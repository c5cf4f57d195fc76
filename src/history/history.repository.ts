import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { descendantsPattern, keyCondition, levelOf, nameIn, sampleNameCondition, sampleNameOf, subtreeCondition } from '../database/key-sql';
import { selectEntityColumns } from '../database/entity-select';
import { listPageOf, type SqlConditions } from '../database/list-sql';
import { ALL_TIME, type TimeRange } from '../common/time-range';
import type { HierarchyFilter, HierarchyFilters } from '../subjects/hierarchy';
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
export type HistoryScope = SqlConditions;

/**
 * Stores `value` as the next parameter of `scope`; returns its placeholder. Named `h<n>`, apart
 * from the list query's own `f<n>`, as both end up on one query.
 */
export function scopeParam(scope: HistoryScope, value: unknown): string {
  const name = `h${Object.keys(scope.params).length}`;
  scope.params[name] = value;
  return `:${name}`;
}

function listCondition(scope: HistoryScope, f: HierarchyFilter | undefined, sql: (p: string) => string): void {
  if (!f) return;
  const cond = sql(scopeParam(scope, [...f.values]).slice(1));
  scope.conditions.push(f.include ? cond : `NOT ${cond}`);
}

/**
 * Narrows `scope` by the hierarchy's filters (parsed by its own parser): `aspect` on the
 * aspect's name, `status` on the status changed to, `aspectTags` / `subjectTags` on any tag
 * (ignoring case, as the hierarchy compares them); `-x` lists exclude. `status` is left out
 * for time-in-status figures.
 */
export function addHierarchyFilters(scope: HistoryScope, f: HierarchyFilters, withStatus = true): void {
  listCondition(scope, f.aspect, (p) => `(${nameIn('a.name', p)})`);
  if (withStatus) listCondition(scope, f.status, (p) => `(${nameIn('h.to_status', p)})`);
  listCondition(scope, f.aspectTags, (p) => `(EXISTS (SELECT 1 FROM unnest(a.tags) tg WHERE ${nameIn('tg', p)}))`);
  listCondition(scope, f.subjectTags, (p) => `(EXISTS (SELECT 1 FROM unnest(sub.tags) tg WHERE ${nameIn('tg', p)}))`);
}

const LEVEL_SQL = levelOf('sub.absolute_path');
const SAMPLE_NAME_SQL = sampleNameOf('sub', 'a');

/** Every query on sample_status_history (the inserts ride on the sample statements: history-sql.ts). */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: DataSource) {}

  /** The sample named `subjectPath|aspectName` (exact, ignoring case), or null. */
  async findSample(subjectPath: string, aspectName: string): Promise<SampleRef | null> {
    const named = sampleNameCondition('sub', 'a', { subjectPath, aspectName });
    const row = await this.db
      .createQueryBuilder()
      .select('s.subject_id', 'subjectId')
      .addSelect('s.aspect_id', 'aspectId')
      .addSelect(SAMPLE_NAME_SQL, 'name')
      .from('samples', 's')
      .innerJoin('subjects', 'sub', 'sub.id = s.subject_id')
      .innerJoin('aspects', 'a', 'a.id = s.aspect_id')
      .where(named.sql, named.params)
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
    const id = scopeParam(scope, root.id).slice(1);
    const below = scopeParam(scope, descendantsPattern(root.absolutePath)).slice(1);
    scope.conditions.push(subtreeCondition('sub.id', 'sub.absolute_path', id, below));
    if (depth > 0) scope.conditions.push(`${LEVEL_SQL} <= CAST(${scopeParam(scope, root.level + depth)} AS int)`);
    return scope;
  }

  /** A page of changes in `scope` that also match list query `q`, and the number of matches (counted by the page query). */
  list(scope: HistoryScope, q: ListQuery, range: TimeRange = ALL_TIME): Promise<RowsAndTotal<StatusChangeRow>> {
    const qb = selectEntityColumns(this.db, StatusChangeEntity, 'h')
      .addSelect(SAMPLE_NAME_SQL, 'name')
      .innerJoin('subjects', 'sub', 'sub.id = h.subject_id')
      .innerJoin('aspects', 'a', 'a.id = h.aspect_id')
      .where(scope.conditions.map((c) => `(${c})`).join(' AND ') || 'true', scope.params);
    return listPageOf(qb, q, { windowCount: true, within: { column: 'h.at', range } });
  }

  /**
   * Seconds each current sample in `scope` spent in each status between `start` and `end`, by
   * name then status. The status at `start` is the last change before it, else the first change's
   * "from" (null when that change created the sample: no time counted before it), else — no
   * change at all — the current status since start (or since the sample was created). Two
   * QueryBuilder queries with named parameters: the segment each sample opens the window with,
   * and the segments its changes inside the window begin (each lasting until the next change).
   */
  async secondsByStatus(scope: HistoryScope, start: Date, end: Date): Promise<StatusSecondsRow[]> {
    const window = { windowStart: start.toISOString(), windowEnd: end.toISOString() };
    const opening = await this.samplesIn(scope, 'sc', window)
      .select(SAMPLE_NAME_SQL, 'name')
      .addSelect(`CASE WHEN (${BEFORE_SQL}) IS NOT NULL THEN (${BEFORE_SQL}) WHEN (${FIRST_SQL('at')}) IS NOT NULL THEN (${FIRST_SQL('from_status')}) ELSE sc.status END`, 'status')
      .addSelect(`extract(epoch FROM least(coalesce((${FIRST_SQL('at')}), ${END_SQL}), ${END_SQL}) - greatest(${START_SQL}, sc.created_at))::float8`, 'seconds')
      .orderBy(SAMPLE_NAME_SQL)
      .getRawMany<StatusSecondsRow>();
    const changed = await this.db
      .createQueryBuilder()
      .select('seg.name', 'name')
      .addSelect('seg.status', 'status')
      .addSelect('sum(seg.seconds)::float8', 'seconds')
      .from(
        (sub) =>
          this.samplesIn(scope, 'sc', window, sub)
            .select(SAMPLE_NAME_SQL, 'name')
            .addSelect('h.to_status', 'status')
            .addSelect(`extract(epoch FROM lead(h.at, 1, ${END_SQL}) OVER (PARTITION BY h.subject_id, h.aspect_id ORDER BY h.at) - h.at)::float8`, 'seconds')
            .innerJoin('sample_status_history', 'h', `h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id AND h.at > ${START_SQL} AND h.at < ${END_SQL}`),
        'seg',
      )
      .groupBy('seg.name')
      .addGroupBy('seg.status')
      .getRawMany<StatusSecondsRow>();
    return sumByNameAndStatus(opening, changed);
  }

  /** The current samples (`alias`) of `scope` created before the window's end, with their subjects (sub) and aspects (a). */
  private samplesIn(scope: HistoryScope, alias: string, window: Record<string, string>, qb = this.db.createQueryBuilder()) {
    const where = scope.conditions.join(' AND ').replace(/\bh\.(subject_id|aspect_id)\b/g, `${alias}.$1`);
    return qb
      .from('samples', alias)
      .innerJoin('subjects', 'sub', `sub.id = ${alias}.subject_id`)
      .innerJoin('aspects', 'a', `a.id = ${alias}.aspect_id`)
      .where(where || 'true', scope.params)
      .andWhere(`${alias}.created_at < ${END_SQL}`)
      .setParameters(window);
  }
}

const START_SQL = 'CAST(:windowStart AS timestamptz)';
const END_SQL = 'CAST(:windowEnd AS timestamptz)';
/** The status of sample `sc` at the window's start, when a change before it says so. */
const BEFORE_SQL = `SELECT h.to_status FROM sample_status_history h
  WHERE h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id AND h.at <= ${START_SQL} ORDER BY h.at DESC LIMIT 1`;
/** A column of sample `sc`'s first change after the window's start. */
const FIRST_SQL = (column: 'at' | 'from_status') => `SELECT h.${column} FROM sample_status_history h
  WHERE h.subject_id = sc.subject_id AND h.aspect_id = sc.aspect_id AND h.at > ${START_SQL} ORDER BY h.at LIMIT 1`;

/**
 * Seconds per sample and status (positive ones only): samples in the order of `opening` (one row
 * each, ordered by name by the database), statuses in alphabetical order.
 */
function sumByNameAndStatus(opening: readonly StatusSecondsRow[], changed: readonly StatusSecondsRow[]): StatusSecondsRow[] {
  const byName = new Map<string, Map<string, number>>(opening.map((r) => [r.name, new Map()]));
  for (const r of [...opening, ...changed]) {
    const seconds = Number(r.seconds);
    if (r.status === null || !(seconds > 0)) continue;
    const statuses = byName.get(r.name);
    statuses?.set(r.status, (statuses.get(r.status) ?? 0) + seconds);
  }
  return [...byName].flatMap(([name, statuses]) =>
    [...statuses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([status, seconds]) => ({ name, status, seconds })),
  );
}
