import type { AspectViewRow, UpsertedSampleRow } from '../../samples/sample.presenter';
import { feedAspect, type FeedAspect, feedSamplePayloadJson, isoUpdatedAt } from './feed.repository';
import { sourceWithJson } from './subscription';
import type { FeedChange, Payload } from './feed-types';

/** A subject as sample events carry it. */
export interface UpsertSubject {
  absolutePath: string;
  tags: string[];
}

/** The columns of an aspect that sample events need (its name, tags and timeout). */
export type UpsertAspect = Pick<AspectViewRow, 'a_name' | 'a_tags' | 'a_timeout'>;

/**
 * What a writer already knows about the samples it upserted, by id: their subjects (path and
 * tags) and aspects (their columns). With it, the rows the statement returned are enough to
 * build the events, without reading the samples again.
 */
export interface UpsertContext {
  subjects: ReadonlyMap<string, UpsertSubject>;
  aspects: ReadonlyMap<string, UpsertAspect>;
}

/**
 * Upserted samples as the bus carries them: the rows the statement returned (provider
 * included) and, once each, the subjects and aspects they belong to, by id. Each process with
 * connections builds the events from it (upsertChanges); the others only parse it.
 */
export interface UpsertBatch {
  rows: UpsertedSampleRow[];
  subjects: Record<string, UpsertSubject>;
  /** Each aspect as sample events embed it ({name, tags, timeout}, docs/LIVE.md §1). */
  aspects: Record<string, FeedAspect>;
}

/** `rows` in batches of at most `size`, each with the subjects and aspects of its own rows (rows the context lacks are left out). */
export function upsertBatches(rows: readonly UpsertedSampleRow[], context: UpsertContext, size: number): UpsertBatch[] {
  const batches: UpsertBatch[] = [];
  const embedded = new Map<string, FeedAspect>();
  let batch: UpsertBatch | undefined;
  for (const row of rows) {
    const subject = context.subjects.get(row.subject_id);
    const aspect = context.aspects.get(row.aspect_id);
    if (!subject || !aspect) continue;
    if (!batch || batch.rows.length >= size) batches.push((batch = { rows: [], subjects: {}, aspects: {} }));
    batch.rows.push(row);
    batch.subjects[row.subject_id] = subject;
    let view = embedded.get(row.aspect_id);
    if (!view) embedded.set(row.aspect_id, (view = feedAspect(aspect)));
    batch.aspects[row.aspect_id] = view;
  }
  return batches;
}

/**
 * The changes of a batch: each sample's payload from its row, its subject, and its aspect as
 * events embed it. The payload object holds what views and the other events need (name,
 * value, status, messageCode, updatedAt, ids, aspect, absolutePath, subject); its JSON, all of
 * it (feedSamplePayload's), is written straight from the row when an event first needs it
 * (sourceWithJson), without the rest of the object.
 */
export function upsertChanges(batch: UpsertBatch): FeedChange[] {
  const changes: FeedChange[] = [];
  const aspectJson = new Map<string, string>();
  const subjects = new Map<string, { view: Payload; json: string }>();
  for (const row of batch.rows) {
    const subject = batch.subjects[row.subject_id];
    const aspect = batch.aspects[row.aspect_id];
    if (!subject || !aspect) continue;
    let shown = subjects.get(row.subject_id);
    if (!shown) {
      const view = { absolutePath: subject.absolutePath, tags: subject.tags ?? [] };
      subjects.set(row.subject_id, (shown = { view, json: JSON.stringify(view) }));
    }
    let aJson = aspectJson.get(row.aspect_id);
    if (aJson === undefined) aspectJson.set(row.aspect_id, (aJson = JSON.stringify(aspect)));
    const name = `${subject.absolutePath}|${aspect.name}`;
    const after: Payload = {
      name,
      value: row.value,
      status: row.status,
      messageCode: row.message_code ?? undefined,
      updatedAt: row.updated_at == null ? undefined : isoUpdatedAt(row.updated_at),
      aspectId: row.aspect_id,
      subjectId: row.subject_id,
      aspect,
      absolutePath: subject.absolutePath,
      subject: shown.view,
    };
    const subjectJson = shown.json;
    const json = aJson;
    changes.push(upsertChange(row, sourceWithJson(after, () => feedSamplePayloadJson(row, name, subject, json, subjectJson))));
  }
  return changes;
}

function sameLinks(a: unknown, b: unknown): boolean {
  const none = (v: unknown) => v == null || (Array.isArray(v) && !v.length);
  if (none(a) && none(b)) return true;
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** A change from one row an upsert (or the timeout sweep) returned and its payload (`after`): before from its old_* columns. */
function upsertChange(row: UpsertedSampleRow, after: Payload): FeedChange {
  if (row.inserted) return { k: 'sample', before: null, after };
  const nochange =
    row.old_value === row.value &&
    row.old_status === row.status &&
    row.old_message_code === row.message_code &&
    row.old_message_body === row.message_body &&
    sameLinks(row.old_related_links, row.related_links);
  // What the sample was, as far as views and a `sample.remove` need it.
  const before: Payload = {
    name: after.name,
    value: row.old_value ?? row.value,
    status: row.old_status ?? row.status,
    messageCode: row.old_message_code ?? undefined,
    absolutePath: after.absolutePath,
    subject: after.subject,
    aspect: after.aspect,
    aspectId: row.aspect_id,
    subjectId: row.subject_id,
  };
  return nochange ? { k: 'sample', before, after, nochange: true } : { k: 'sample', before, after };
}
