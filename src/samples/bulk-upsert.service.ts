import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, SchemaValidationError, UpdateDeleteForbiddenError, ValidationError } from '../common/errors/api-errors';
import { WritersService } from '../writers/writers.service';
import { canWrite } from '../writers/policy';
import { FeedPublisher } from '../realtime/feed/feed-publisher';
import type { UpsertContext } from '../realtime/feed/upsert-changes';
import type { AspectViewRow } from './sample.presenter';
import { GeneratorUpsertGate } from '../generators/generator-upsert.gate';
import { isItemError, validateBulkItem, ValidBulkItem } from './helpers/bulk-items';
import { byKey, type UpsertRow } from './helpers/sample-upsert-sql';
import type { BulkUpsertItemError } from './sample-upsert-job.entity';
import { AspectRef, SamplesRepository, SubjectRef } from './samples.repository';
import { computeStatus } from './status';
import { MetricsService } from '../metrics/metrics.service';
import { mayReadJob } from '../writers/policy';

/** Most items one bulk upsert request may carry (the body is also capped by BULK_UPSERT_MAX_BYTES). */
export const MAX_BULK_ITEMS = 100_000;
/** Rows per INSERT … SELECT FROM unnest statement. */
export const BULK_BATCH_SIZE = 1000;

/** `GET /v1/samples/upsert/bulk/{jobId}/status`: the counts, times and every refused item with its index. */
export interface BulkJobStatus {
  status: string;
  jobId: number;
  received: number;
  written: number;
  refused: number;
  superseded: number;
  receivedAt: Date | null;
  completedAt: Date | null;
  errors: BulkUpsertItemError[];
}

interface Indexed<T> {
  index: number;
  item: T;
}

/**
 * An item with its subject and aspect. A flat record of four fields: copying the item's fields
 * into a new object per item (`{ ...item, subject, aspect }`) gave V8 slow-mode objects whose
 * creation and reads cost about a fifth of the app's CPU per sample (docs/PERFORMANCE.md).
 */
interface Resolved {
  index: number;
  item: ValidBulkItem;
  subject: SubjectRef;
  aspect: AspectRef;
}

/**
 * `POST /v1/samples/upsert/bulk`, processed inside the request: validate every item, collapse
 * duplicate names (last wins), resolve subjects and aspects in one query each (the aspects come
 * with their writers, so write-protected aspects cost no extra query), check the writers once
 * per aspect, compute statuses in memory, then upsert in batches of 1000 in ONE transaction
 * together with the job record. Refused items are listed in the job.
 */
@Injectable()
export class BulkUpsertService {
  constructor(
    private readonly repo: SamplesRepository,
    private readonly writers: WritersService,
    private readonly feed: FeedPublisher,
    private readonly generatorGate: GeneratorUpsertGate,
    private readonly metrics: MetricsService,
  ) {}

  async bulkUpsert(caller: AuthenticatedUser, body: unknown, override: boolean): Promise<{ status: 'OK'; jobId: number }> {
    await this.generatorGate.assertMayUpsert(caller);
    if (!Array.isArray(body)) {
      throw new SchemaValidationError({ message: 'The request body must be a JSON array of samples', source: 'Sample' });
    }
    if (body.length > MAX_BULK_ITEMS) {
      throw new ValidationError({ message: `A bulk upsert takes at most ${MAX_BULK_ITEMS} samples`, source: 'Sample', value: body.length });
    }
    this.writers.assertOverrideAllowed(caller, override);
    const receivedAt = new Date();
    const errors: Indexed<BulkUpsertItemError>[] = [];
    const items = this.collapse(body as unknown[], errors);
    const resolved = await this.resolve(items, errors);
    const writable = new Map<string, boolean>(); // aspect id → may the caller write it (decided once per aspect)
    const rows: UpsertRow[] = [];
    for (const r of resolved) {
      const { aspect } = r;
      let may = writable.get(aspect.id);
      if (may === undefined) writable.set(aspect.id, (may = canWrite(caller, aspect.writerIds, override)));
      if (!may) {
        errors.push({ index: r.index, item: { name: r.item.name, type: UpdateDeleteForbiddenError.type, message: `User "${caller.name}" does not have write permission for aspect "${aspect.name}"` } });
        continue;
      }
      rows.push(toRow(r));
    }
    rows.sort(byKey); // (subject, aspect) order for every writer: concurrent bulk upserts lock rows in the same order
    const ordered = errors.sort((a, b) => a.index - b.index).map((e) => ({ index: e.index, ...e.item }));
    const summary = { received: body.length, written: rows.length, receivedAt };
    const started = performance.now();
    const { jobId, upserted } = await this.repo.upsertBulk(rows, BULK_BATCH_SIZE, ordered, caller.id, summary, this.feed.listening);
    this.metrics.bulkUpserted(rows.length, ordered.length, (performance.now() - started) / 1000);
    // events from what the statements returned and the subjects and aspects resolved above, once committed
    if (upserted.length) void this.feed.upserted(upserted, feedContext(resolved));
    return { status: 'OK', jobId: Number(jobId) };
  }

  /** The job's status and refused items; only its creator (or an admin) may see it, else 404. */
  async jobStatus(caller: AuthenticatedUser, jobId: string): Promise<BulkJobStatus> {
    const job = /^\d{1,18}$/.test(jobId) ? await this.repo.findJob(jobId) : null;
    if (!job || !mayReadJob(caller, job)) {
      throw new NotFoundError({ message: 'Job not found', source: 'SampleUpsertJob', value: jobId });
    }
    const { status, received, written, refused, receivedAt, completedAt, errors } = job;
    // received - written - refused: items replaced by a later item with the same name
    return { status, jobId: Number(job.id), received, written, refused, superseded: Math.max(0, received - written - refused), receivedAt, completedAt, errors };
  }

  /** Valid items, one per name ignoring case (the last one sent wins); invalid ones go to `errors`. */
  private collapse(body: unknown[], errors: Indexed<BulkUpsertItemError>[]): Indexed<ValidBulkItem>[] {
    const byName = new Map<string, Indexed<ValidBulkItem>>();
    body.forEach((raw, index) => {
      const r = validateBulkItem(raw);
      if (isItemError(r)) {
        errors.push({ index, item: r });
        return;
      }
      const key = r.name.toLowerCase();
      byName.delete(key); // re-insert so the map keeps the order of the winning items
      byName.set(key, { index, item: r });
    });
    return [...byName.values()];
  }

  /**
   * Subjects and aspects for every item (ONE query each, in parallel; the aspects with their
   * writers); unknown or unpublished subject or aspect → item error.
   */
  private async resolve(items: Indexed<ValidBulkItem>[], errors: Indexed<BulkUpsertItemError>[]): Promise<Resolved[]> {
    const [subjects, aspects] = await Promise.all([
      this.repo.subjectsByPath(items.map((i) => i.item.parsed.subjectPath)),
      this.repo.aspectsByName(items.map((i) => i.item.parsed.aspectName)),
    ]);
    const resolved: Resolved[] = [];
    for (const { index, item } of items) {
      const subject = subjects.get(item.parsed.subjectPath.toLowerCase());
      const aspect = aspects.get(item.parsed.aspectName.toLowerCase());
      const missing = !subject?.isPublished ? 'Subject' : !aspect?.isPublished ? 'Aspect' : null;
      if (missing || !subject || !aspect) {
        errors.push({ index, item: { name: item.name, type: NotFoundError.type, message: `${missing ?? 'Subject'} not found or has isPublished=false` } });
        continue;
      }
      resolved.push({ index, item, subject, aspect });
    }
    return resolved;
  }
}

/** The subjects and aspects of the resolved items, by id, as the realtime feed's events need them. */
function feedContext(resolved: Resolved[]): UpsertContext {
  const subjects = new Map<string, SubjectRef>();
  const aspects = new Map<string, AspectViewRow>();
  for (const { subject, aspect } of resolved) {
    subjects.set(subject.id, subject);
    aspects.set(aspect.id, aspect.view);
  }
  return { subjects, aspects };
}

function toRow({ item, subject, aspect }: Resolved): UpsertRow {
  return {
    subjectId: subject.id,
    aspectId: aspect.id,
    value: item.value,
    status: item.value === null ? null : computeStatus(item.value, aspect.ranges),
    messageCode: item.messageCode,
    messageBody: item.messageBody,
    relatedLinks: item.relatedLinks,
  };
}
