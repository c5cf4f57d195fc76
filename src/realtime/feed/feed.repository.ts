import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keyCondition, nameEquals } from '../../database/key-sql';
import { selectEntityColumns } from '../../database/entity-select';
import { PerspectiveEntity } from '../../perspectives/perspective.entity';
import { SubjectEntity } from '../../subjects/subject.entity';
import { selectAspects, type AspectRow } from '../../aspects/aspects.repository';
import { presentAspect } from '../../aspects/aspect.presenter';
import { apiLinks, RECORD_METHODS } from '../../common/api-links';
import { selectSamples } from '../../samples/sample-sql';
import { SAMPLES_PATH, type AspectViewRow, type SampleCoreRow, type SampleRow, type UpsertedSampleRow } from '../../samples/sample.presenter';
import type { UpsertAspect, UpsertContext, UpsertSubject } from './upsert-changes';
import { presentSubject } from '../../subjects/subject.presenter';
import { selectSubjects, type SubjectRow } from '../../subjects/subjects.repository';
import type { Payload } from './feed-types';

/** The records a change may touch, read before and after it (published records only). */
export type FeedScope = { subtree: string } | { aspect: string } | { sample: { subjectId: string; aspectId: string } };

/** Published records of a scope as events carry them, by id (samples: `subjectId|aspectId`). */
export interface FeedSnapshot {
  subjects: Map<string, Payload>;
  aspects: Map<string, Payload>;
  samples: Map<string, Payload>;
}

export const EMPTY_SNAPSHOT: FeedSnapshot = { subjects: new Map(), aspects: new Map(), samples: new Map() };

/** A sample row with its subject's path and tags: what a sample payload is built from. */
export type FeedSampleRow = SampleRow & { sub_path: string; sub_tags: string[] };

const PUBLISHED = 'sub.is_published AND a.is_published';
/**
 * The ids of a subject and its descendants by parent links (a rename or move does not change
 * who they are), as a subquery; its root is the named parameter `:root`.
 */
const SUBTREE_IDS = `WITH RECURSIVE tree AS (SELECT id FROM subjects WHERE id = CAST(:root AS uuid)
                       UNION ALL SELECT c.id FROM subjects c JOIN tree ON c.parent_id = tree.id) SELECT id FROM tree`;

/** The aspect as sample events embed it (docs/LIVE.md §1): its name, tags and timeout, nothing else. */
export interface FeedAspect {
  name: string;
  tags: string[];
  timeout: string;
}

/** An aspect's columns (ASPECT_VIEW_COLUMNS) as sample events embed them. */
export function feedAspect(r: Pick<AspectViewRow, 'a_name' | 'a_tags' | 'a_timeout'>): FeedAspect {
  return { name: r.a_name, tags: r.a_tags ?? [], timeout: r.a_timeout };
}

/** The columns of a sample a payload is built from (the provider's may be absent: the timeout sweep returns none). */
export type FeedSampleColumns = Pick<
  SampleCoreRow,
  'subject_id' | 'aspect_id' | 'value' | 'status' | 'previous_status' | 'status_changed_at' | 'message_code' | 'message_body' | 'related_links' | 'created_by' | 'created_at' | 'updated_at'
> &
  Partial<Pick<SampleCoreRow, 'user_name' | 'user_email' | 'user_profile'>>;

/** A date as JSON shows it (rows from another process's bus message carry the string already). */
function iso(v: Date | string): string {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * iso() remembering its last answer: the dates of one column of an upsert's rows are mostly
 * the same instant (updated_at is the statement's now(), so is status_changed_at where the
 * status changed), and toISOString per row and column showed in the realtime bench's profile.
 */
function rememberingIso(): (v: Date | string) => string {
  let lastTime = NaN;
  let lastText = '';
  return (v) => {
    if (!(v instanceof Date)) return v;
    const t = v.getTime();
    if (t !== lastTime) {
      lastText = v.toISOString();
      lastTime = t;
    }
    return lastText;
  };
}

/** updated_at, status_changed_at and created_at of upserted rows, each column remembering its last date. */
export const isoUpdatedAt = rememberingIso();
const isoStatusChangedAt = rememberingIso();
const isoCreatedAt = rememberingIso();

/**
 * A sample as events carry it (docs/LIVE.md §1): as GET /v1/samples/{key} shows it (the same
 * fields in the same order, null ones omitted, dates as their ISO strings), plus absolutePath
 * and subject {absolutePath, tags}, its `aspect` being only {name, tags, timeout} (aspectId
 * identifies the whole record; lenses of version 1 get the full aspect from the page). Built
 * directly, without the presenter's intermediate objects: it runs for every upserted sample
 * while someone watches (feed.repository.spec.ts pins it to the presenter's).
 */
export function feedSamplePayload(r: FeedSampleColumns, name: string, subject: UpsertSubject, aspect: FeedAspect): Payload {
  const p: Payload = { name, value: r.value, status: r.status };
  if (r.previous_status != null) p.previousStatus = r.previous_status;
  if (r.status_changed_at != null) p.statusChangedAt = iso(r.status_changed_at);
  if (r.message_code != null) p.messageCode = r.message_code;
  if (r.message_body != null) p.messageBody = r.message_body;
  p.relatedLinks = r.related_links ?? [];
  if (r.created_at != null) p.createdAt = iso(r.created_at);
  if (r.updated_at != null) p.updatedAt = iso(r.updated_at);
  if (r.created_by != null) p.provider = r.created_by;
  if (r.user_name != null) {
    const user: Payload = { name: r.user_name };
    if (r.user_email != null) user.email = r.user_email;
    if (r.user_profile != null) user.profile = { name: r.user_profile };
    p.user = user;
  }
  p.aspectId = r.aspect_id;
  p.subjectId = r.subject_id;
  p.aspect = aspect;
  p.apiLinks = apiLinks(SAMPLES_PATH, name, 'sample', RECORD_METHODS);
  p.absolutePath = subject.absolutePath;
  p.subject = { absolutePath: subject.absolutePath, tags: subject.tags ?? [] };
  return p;
}

/** A sample's apiLinks as JSON, around its escaped name (the key is the only part that varies). */
const LINKS_KEY = '\u0000';
const LINKS_PARTS = JSON.stringify(apiLinks(SAMPLES_PATH, LINKS_KEY, 'sample', RECORD_METHODS)).split(JSON.stringify(LINKS_KEY).slice(1, -1));

const q = JSON.stringify;

/**
 * The JSON of feedSamplePayload(r, name, subject, aspect), written directly (the same keys in the
 * same order, null ones omitted): an upserted sample's payload text without building its
 * object first. `aspectJson` and `subjectJson`: the aspect's and `{absolutePath, tags}`'s JSON
 * (the same for many samples). feed.repository.spec.ts pins it to JSON.stringify(feedSamplePayload(…)).
 */
export function feedSamplePayloadJson(r: FeedSampleColumns, name: string, subject: UpsertSubject, aspectJson: string, subjectJson: string): string {
  const escapedName = q(name);
  let s = `{"name":${escapedName}`;
  if (r.value !== undefined) s += `,"value":${q(r.value)}`;
  if (r.status !== undefined) s += `,"status":${q(r.status)}`;
  if (r.previous_status != null) s += `,"previousStatus":${q(r.previous_status)}`;
  if (r.status_changed_at != null) s += `,"statusChangedAt":${q(isoStatusChangedAt(r.status_changed_at))}`;
  if (r.message_code != null) s += `,"messageCode":${q(r.message_code)}`;
  if (r.message_body != null) s += `,"messageBody":${q(r.message_body)}`;
  s += `,"relatedLinks":${q(r.related_links ?? [])}`;
  if (r.created_at != null) s += `,"createdAt":${q(isoCreatedAt(r.created_at))}`;
  if (r.updated_at != null) s += `,"updatedAt":${q(isoUpdatedAt(r.updated_at))}`;
  if (r.created_by != null) s += `,"provider":${q(r.created_by)}`;
  if (r.user_name != null) {
    s += `,"user":{"name":${q(r.user_name)}`;
    if (r.user_email != null) s += `,"email":${q(r.user_email)}`;
    if (r.user_profile != null) s += `,"profile":{"name":${q(r.user_profile)}}`;
    s += '}';
  }
  if (r.aspect_id !== undefined) s += `,"aspectId":${q(r.aspect_id)}`;
  if (r.subject_id !== undefined) s += `,"subjectId":${q(r.subject_id)}`;
  s += `,"aspect":${aspectJson},"apiLinks":${LINKS_PARTS.join(escapedName.slice(1, -1))}`;
  return `${s},"absolutePath":${q(subject.absolutePath)},"subject":${subjectJson}}`;
}

/** A sample row read with its subject's path and tags and its aspect's columns, as events carry it. */
export function samplePayload(row: FeedSampleRow): Payload {
  return feedSamplePayload(row, row.name, { absolutePath: row.sub_path, tags: row.sub_tags ?? [] }, feedAspect(row));
}

export function sampleKey(subjectId: string, aspectId: string): string {
  return `${subjectId}|${aspectId}`;
}

/** The queries of the feed's publisher: scopes before and after a change; context of upserted samples (one query per batch). */
@Injectable()
export class FeedRepository {
  constructor(private readonly db: DataSource) {}

  async snapshot(scope: FeedScope): Promise<FeedSnapshot> {
    const snap: FeedSnapshot = { subjects: new Map(), aspects: new Map(), samples: new Map() };
    const samples = this.feedSamples();
    if ('subtree' in scope) {
      const subjects = await selectSubjects(this.db)
        .where(`s.is_published AND s.id IN (${SUBTREE_IDS})`, { root: scope.subtree })
        .getRawMany<SubjectRow>();
      for (const s of subjects) snap.subjects.set(s.id, presentSubject(s));
      samples.andWhere(`s.subject_id IN (${SUBTREE_IDS})`, { root: scope.subtree });
    } else if ('aspect' in scope) {
      const aspects = await selectAspects(this.db).where('a.is_published AND a.id = CAST(:aspect AS uuid)', { aspect: scope.aspect }).getRawMany<AspectRow>();
      for (const a of aspects) snap.aspects.set(a.id, presentAspect(a));
      samples.andWhere('s.aspect_id = CAST(:aspect AS uuid)', { aspect: scope.aspect });
    } else {
      samples.andWhere('s.subject_id = CAST(:subjectId AS uuid) AND s.aspect_id = CAST(:aspectId AS uuid)', scope.sample);
    }
    for (const r of await samples.getRawMany<FeedSampleRow>()) snap.samples.set(sampleKey(r.subject_id, r.aspect_id), samplePayload(r));
    return snap;
  }

  /** A perspective (by id or name ignoring case): its root and filters, or null. */
  async perspective(key: string): Promise<PerspectiveFilters | null> {
    const c = keyCondition(key, 'p.id', 'p.name', 'key');
    const row = await selectEntityColumns(this.db, PerspectiveEntity, 'p', ['id', 'name', 'lensId', 'createdBy', 'ownerId', 'createdAt', 'updatedAt'])
      .where(c.sql, { key: c.param })
      .getRawOne<PerspectiveFilters>();
    return row ?? null;
  }

  /** The absolutePath of a published subject (by absolutePath, ignoring case), or null. */
  async publishedSubjectPath(path: string): Promise<string | null> {
    const row = await this.db
      .createQueryBuilder(SubjectEntity, 's')
      .select('s.absolute_path', 'path')
      .where(`${nameEquals('s.absolute_path', 'path')} AND s.is_published`, { path })
      .getRawOne<{ path: string }>();
    return row?.path ?? null;
  }

  /**
   * The subjects, aspects and providers of upserted rows that do not come with them (the timeout
   * sweep's): ONE query for a whole batch. Rows of unpublished subjects or aspects are left out;
   * the others come back with their provider.
   */
  async upsertContext(rows: readonly UpsertedSampleRow[]): Promise<{ rows: UpsertedSampleRow[]; context: UpsertContext }> {
    const subjects = new Map<string, UpsertSubject>();
    const aspects = new Map<string, UpsertAspect>();
    if (!rows.length) return { rows: [], context: { subjects, aspects } };
    const read = await this.feedSamples()
      .andWhere('(s.subject_id, s.aspect_id) IN (SELECT * FROM unnest(CAST(:subjectIds AS uuid[]), CAST(:aspectIds AS uuid[])))', {
        subjectIds: rows.map((r) => r.subject_id),
        aspectIds: rows.map((r) => r.aspect_id),
      })
      .getRawMany<FeedSampleRow>();
    const byKey = new Map(read.map((c) => [sampleKey(c.subject_id, c.aspect_id), c]));
    const found: UpsertedSampleRow[] = [];
    for (const row of rows) {
      const c = byKey.get(sampleKey(row.subject_id, row.aspect_id));
      if (!c) continue;
      found.push({ ...row, user_name: c.user_name, user_email: c.user_email, user_profile: c.user_profile });
      subjects.set(c.subject_id, { absolutePath: c.sub_path, tags: c.sub_tags ?? [] });
      if (!aspects.has(c.aspect_id)) aspects.set(c.aspect_id, { a_name: c.a_name, a_tags: c.a_tags, a_timeout: c.a_timeout });
    }
    return { rows: found, context: { subjects, aspects } };
  }

  /** Samples of published subjects and aspects, with their subject's path and tags (FeedSampleRow). */
  private feedSamples() {
    return selectSamples(this.db, 'sub.absolute_path AS sub_path, sub.tags AS sub_tags').where(PUBLISHED);
  }
}

/** A perspective's root and filters, as stored. */
export interface PerspectiveFilters {
  rootSubject: string;
  aspectFilter: string[];
  aspectFilterType: string;
  aspectTagFilter: string[];
  aspectTagFilterType: string;
  subjectTagFilter: string[];
  subjectTagFilterType: string;
  statusFilter: string[];
  statusFilterType: string;
}
