import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import type { SqlRunner } from '../common/owner';
import type { SelectQueryBuilder } from 'typeorm';
import type { BulkUpsertItemError } from './sample-upsert-job.entity';
import type { AspectViewRow, SampleRow, UpsertedSampleRow } from './sample.presenter';
import { ASPECT_VIEW_COLUMNS, selectSamples } from './sample-sql';
import { SampleEntity } from './sample.entity';
import { SampleUpsertJobEntity } from './sample-upsert-job.entity';
import { AspectEntity } from '../aspects/aspect.entity';
import { SubjectEntity } from '../subjects/subject.entity';
import { tryAdvisoryXactLock } from '../database/advisory-lock';
import { lowerNames, nameIn, sampleNameCondition } from '../database/key-sql';
import { entityValues, selectEntityColumns } from '../database/entity-select';
import { encodeParam, JobSummary, jobStatement, SampleUpdate, updateStatement, UpsertRow, UpsertStatement, upsertStatements } from './helpers/sample-upsert-sql';
import type { StatusRanges } from './status';
import { PreparedSql } from '../database/prepared-sql';
import { longTransaction, withLongStatements } from '../database/query-timeouts';
import { historyReturning, insertWithHistory, updateWithHistory, withHistory } from '../history/history-sql';

/** A subject as a sample write needs it (tags: for the realtime feed's events). */
export interface SubjectRef {
  id: string;
  absolutePath: string;
  isPublished: boolean;
  tags: string[];
}

/**
 * An aspect as a sample write needs it: id, name, the ranges statuses come from, its writers
 * (the writers policy decides in memory: no query of its own), and the aspect as samples embed
 * it (the realtime feed's events).
 */
export interface AspectRef {
  id: string;
  name: string;
  isPublished: boolean;
  ranges: StatusRanges;
  writerIds: string[];
  view: AspectViewRow;
}

/** A stored bulk upsert job. */
export interface JobRecord {
  id: string;
  status: string;
  errors: BulkUpsertItemError[];
  createdBy: string | null;
  received: number;
  written: number;
  refused: number;
  receivedAt: Date | null;
  completedAt: Date | null;
}

type AspectRow = AspectViewRow & { id: string; writer_ids: string[] };

/** A stored bulk upsert job, as its entity's columns. */
type JobRow = Omit<SampleUpsertJobEntity, 'createdAt'>;

/** FROM aspects a: the aspect, and its writers' ids ({} when it has none: open to every user). */
const ASPECT_REF_COLUMNS = `a.id::text AS id, ${ASPECT_VIEW_COLUMNS},
  COALESCE((SELECT array_agg(w.user_id::text) FROM aspect_writers w WHERE w.aspect_id = a.id), '{}'::text[]) AS writer_ids`;

function toAspect(r: AspectRow): AspectRef {
  const { id, writer_ids: writerIds, ...view } = r;
  return {
    id,
    name: r.a_name,
    isPublished: r.a_is_published,
    ranges: { criticalRange: r.a_critical_range, warningRange: r.a_warning_range, infoRange: r.a_info_range, okRange: r.a_ok_range },
    writerIds,
    view,
  };
}

type SubjectRefRow = { id: string; absolutePath: string; isPublished: boolean; tags: string[] | null };

function toSubject(r: SubjectRefRow): SubjectRef {
  return { id: r.id, absolutePath: r.absolutePath, isPublished: r.isPublished, tags: r.tags ?? [] };
}

/** Postgres SQLSTATEs worth one more try of a whole transaction. */
const RETRYABLE = new Set(['40P01', '40001']);

/** The timeout sweep's changed rows as UpsertedSampleRow (the old status is previous_status; the old value is not kept). */
const TIMED_OUT_ROWS = `subject_id::text AS subject_id, aspect_id::text AS aspect_id, value, status, previous_status,
  status_changed_at, message_code, message_body, related_links, created_by::text AS created_by, created_at, updated_at,
  false AS inserted, NULL::text AS old_value, previous_status AS old_status, message_code AS old_message_code,
  message_body AS old_message_body, related_links AS old_related_links`;

/** Lock key of the sample timeout job (any constant shared by every server). */
export const SAMPLE_TIMEOUT_LOCK_KEY = 7_274_001;

/** Every query of the samples feature. */
@Injectable()
export class SamplesRepository {
  constructor(
    private readonly db: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /**
   * Runs `work` in one transaction; retried (up to 3 times) on deadlock or serialization failure.
   * `long`: bulk work, under the long statement limit.
   */
  async transaction<T>(work: (tx: EntityManager) => Promise<T>, long = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (long ? longTransaction(this.db, work) : this.db.transaction(work));
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw e;
      }
    }
  }

  /** A page of samples and the number of matching samples. */
  list(q: ListQuery): Promise<RowsAndTotal<SampleRow>> {
    return listPageOf(selectSamples(this.db), q, { windowCount: true });
  }

  /** The sample named `subjectPath|aspectName` (exact, ignoring case), or null. */
  async findByName(subjectPath: string, aspectName: string): Promise<SampleRow | null> {
    const named = sampleNameCondition('sub', 'a', { subjectPath, aspectName });
    return (await this.sql.rows<SampleRow>('samples.byName', () => selectSamples(this.db).where(named.sql), named.params))[0] ?? null;
  }

  /** The sample of that subject and aspect, or null. */
  async findByIds(subjectId: string, aspectId: string): Promise<SampleRow | null> {
    const make = () => selectSamples(this.db).where('s.subjectId = CAST(:subjectId AS uuid) AND s.aspectId = CAST(:aspectId AS uuid)');
    return (await this.sql.rows<SampleRow>('samples.byIds', make, { subjectId, aspectId }))[0] ?? null;
  }

  /** Subjects by absolute path (ONE query; keys of the map are lower-cased paths). */
  async subjectsByPath(paths: string[]): Promise<Map<string, SubjectRef>> {
    const map = new Map<string, SubjectRef>();
    if (!paths.length) return map;
    const make = () => this.subjectRefs().where(nameIn('sub.absolute_path', 'paths'));
    for (const r of await this.sql.rows<SubjectRefRow>('samples.subjectsByPath', make, { paths: lowerNames(paths) })) map.set(r.absolutePath.toLowerCase(), toSubject(r));
    return map;
  }

  /** Aspects by name with their ranges and writers (ONE query; keys of the map are lower-cased names). */
  async aspectsByName(names: string[]): Promise<Map<string, AspectRef>> {
    const map = new Map<string, AspectRef>();
    if (!names.length) return map;
    const make = () => this.aspectRefs().where(nameIn('a.name', 'names'));
    for (const r of await this.sql.rows<AspectRow>('samples.aspectsByName', make, { names: lowerNames(names) })) map.set(r.a_name.toLowerCase(), toAspect(r));
    return map;
  }

  /** The subject and the aspect with these ids (either null when unknown). */
  async subjectAndAspectById(subjectId: string, aspectId: string): Promise<{ subject: SubjectRef | null; aspect: AspectRef | null }> {
    const subjects = await this.sql.rows<SubjectRefRow>('samples.subjectById', () => this.subjectRefs().where('sub.id = CAST(:subjectId AS uuid)'), { subjectId });
    const aspects = await this.sql.rows<AspectRow>('samples.aspectById', () => this.aspectRefs().where('a.id = CAST(:aspectId AS uuid)'), { aspectId });
    return {
      subject: subjects[0] ? toSubject(subjects[0]) : null,
      aspect: aspects[0] ? toAspect(aspects[0]) : null,
    };
  }

  /**
   * Upserts already-collapsed rows: one statement per shape (see upsertStatements); what each row was and is.
   * Hand-written: the measured upsert statement (bench/bulk-upsert.bench.ts), POST /v1/samples/upsert's too.
   */
  async upsertMany(rows: readonly UpsertRow[], createdBy: string, db: SqlRunner = this.db): Promise<UpsertedSampleRow[]> {
    const out: UpsertedSampleRow[] = [];
    for (const st of upsertStatements(rows, createdBy)) out.push(...((await db.query(st.sql, st.params.map(encodeParam))) as UpsertedSampleRow[]));
    return out;
  }

  /**
   * Inserts a new sample (status Invalid before it, changed now); false when one already exists
   * for that subject and aspect. The builder's INSERT, wrapped to record the history row.
   */
  async insertNew(row: UpsertRow, createdBy: string): Promise<boolean> {
    const [insert, params] = this.db
      .createQueryBuilder()
      .insert()
      .into(SampleEntity)
      .values(
        entityValues<SampleEntity>({
          subjectId: row.subjectId,
          aspectId: row.aspectId,
          value: row.value ?? '',
          status: row.status ?? 'Invalid',
          previousStatus: 'Invalid',
          statusChangedAt: () => 'now()',
          messageCode: row.messageCode,
          messageBody: row.messageBody,
          relatedLinks: row.relatedLinks ?? [],
          createdBy,
        }),
      )
      .orIgnore()
      .updateEntity(false)
      .getQueryAndParameters();
    const rows = (await this.db.query(insertWithHistory(insert), params)) as unknown[];
    return rows.length === 1;
  }

  /**
   * Applies a PUT/PATCH to one sample (transitions as the upsert). Hand-written: the transition
   * rule's SQL form (docs/DECISIONS.md, "status transition rule"), held to nextState by
   * test/e2e/status-transitions.e2e-spec.ts; no benchmark of its own.
   */
  async update(subjectId: string, aspectId: string, update: SampleUpdate): Promise<void> {
    const st = updateWithHistory(updateStatement(subjectId, aspectId, update));
    await this.db.query(st.sql, st.params);
  }

  /** Deletes one sample. */
  async delete(subjectId: string, aspectId: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(SampleEntity).where('subjectId = :subjectId AND aspectId = :aspectId', { subjectId, aspectId }).execute();
  }

  /**
   * Upserts rows (collapsed, sorted by key) in batches of `batchSize` and stores the finished
   * job with `errors`, atomically; returns the job id. One statement per batch (per shape); the
   * job insert rides on the last one, and a request that fits in one statement needs no
   * explicit transaction at all. Returns the job id and what each upserted row was and is.
   * Hand-written: the measured bulk upsert (bench/bulk-upsert.bench.ts, bench/bulk.bench.ts).
   */
  async upsertBulk(
    rows: readonly UpsertRow[],
    batchSize: number,
    errors: BulkUpsertItemError[],
    createdBy: string,
    summary?: JobSummary,
    returnRows = true,
  ): Promise<{ jobId: string; upserted: UpsertedSampleRow[] }> {
    const statements: UpsertStatement[] = [];
    for (let i = 0; i < rows.length; i += batchSize) statements.push(...upsertStatements(rows.slice(i, i + batchSize), createdBy, true, returnRows));
    const job = jobStatement(statements.pop() ?? null, errors, createdBy, summary);
    const run = async (db: SqlRunner): Promise<{ jobId: string; upserted: UpsertedSampleRow[] }> => {
      const upserted: UpsertedSampleRow[] = [];
      for (const st of statements) upserted.push(...((await db.query(st.sql, st.params.map(encodeParam))) as UpsertedSampleRow[]));
      const last = (await db.query(job.sql, job.params.map(encodeParam))) as (UpsertedSampleRow & { job_id: string })[];
      for (const r of last) if (r.subject_id) upserted.push(r);
      return { jobId: last[0].job_id, upserted };
    };
    // One statement: prepared when it returns no rows (its text is one of a few shapes; planning it
    // cost about a sixth of its time). The variant that returns rows joins `prev`, whose size a
    // generic plan would not know, so it is planned each time.
    // Bulk work: every statement under the long limit (query-timeouts.ts).
    if (statements.length === 0) return returnRows ? withLongStatements(this.db, run) : run(this.sql.long);
    return this.transaction(run, true);
  }

  /** A bulk upsert job by id, or null. */
  async findJob(id: string): Promise<JobRecord | null> {
    const make = () => selectEntityColumns(this.db, SampleUpsertJobEntity, 'j', ['createdAt']).where('j.id = CAST(:id AS bigint)');
    const r = (await this.sql.rows<JobRow>('samples.job', make, { id }))[0];
    if (!r) return null;
    const { status, errors, createdBy, received, written, refused, receivedAt, completedAt } = r;
    return { id: String(r.id), status, errors, createdBy, received, written, refused, receivedAt, completedAt };
  }

  /**
   * The timeout sweep: ONE UPDATE flipping every sample not updated within its aspect's
   * timeout to Timeout, run only by the process that wins the advisory lock for this
   * transaction. Returns the samples timed out (rows as the upsert returns them, for the
   * realtime feed), or null when another process holds the lock. Also forgets bulk upsert jobs
   * older than a day.
   */
  async timeOutStaleSamples(): Promise<UpsertedSampleRow[] | null> {
    return longTransaction(this.db, async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, SAMPLE_TIMEOUT_LOCK_KEY))) return null;
      // Hand-written: the timeout sweep, one set-based UPDATE with the transition rule's SQL form
      // (docs/DECISIONS.md "Hand-written SQL only on measured paths"; no benchmark of its own yet).
      const result = (await tx.query(
        withHistory(`UPDATE samples s
            SET value = 'Timeout', status = 'Timeout', previous_status = s.status,
                status_changed_at = now(), updated_at = now()
           FROM aspects a
          WHERE a.id = s.aspect_id
            AND s.status <> 'Timeout'
            AND s.updated_at < now() - make_interval(secs => a.timeout_seconds::double precision)
          ${historyReturning('s')}, s.message_body, s.related_links, s.created_by, s.created_at, s.updated_at`, TIMED_OUT_ROWS),
      )) as UpsertedSampleRow[];
      await tx.createQueryBuilder().delete().from(SampleUpsertJobEntity).where("createdAt < now() - interval '1 day'").execute();
      return result;
    });
  }

  /** Subjects `sub` as SubjectRef rows. */
  private subjectRefs(): SelectQueryBuilder<SubjectEntity> {
    return this.db
      .createQueryBuilder(SubjectEntity, 'sub')
      .select('sub.id::text', 'id')
      .addSelect('sub.absolute_path', 'absolutePath')
      .addSelect('sub.is_published', 'isPublished')
      .addSelect('sub.tags', 'tags');
  }

  /** Aspects `a` as AspectRow: the aspect as samples embed it, and its writers' ids. */
  private aspectRefs(): SelectQueryBuilder<AspectEntity> {
    return this.db.createQueryBuilder(AspectEntity, 'a').select(ASPECT_REF_COLUMNS);
  }
}
