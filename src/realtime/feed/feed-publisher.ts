import { Injectable, Logger } from '@nestjs/common';
import type { UpsertedSampleRow } from '../../samples/sample.presenter';
import { RealtimeBus } from '../realtime-bus';
import { aspectView, type AspectViewRow } from '../../samples/sample.presenter';
import { EMPTY_SNAPSHOT, FeedCoreRow, FeedRepository, FeedScope, FeedSnapshot, samplePayload } from './feed.repository';
import { FeedHub } from './feed-hub';
import { FEED_TOPIC, FeedChange, FeedMessage, Payload, RecordKind } from './feed-types';

/** Changes per bus message (a bulk upsert of 1000 samples is one message). */
const MAX_CHANGES_PER_MESSAGE = 1000;
/** Upsert batches waiting to be published; beyond it they are skipped and every client told to resync. */
const MAX_PENDING_BATCHES = 100;

/** The changes between two snapshots of one scope (records equal in both are left out). */
export function diffSnapshots(before: FeedSnapshot, after: FeedSnapshot): FeedChange[] {
  const changes: FeedChange[] = [];
  const diff = (k: RecordKind, b: Map<string, Payload>, a: Map<string, Payload>) => {
    for (const id of new Set([...b.keys(), ...a.keys()])) {
      const was = b.get(id) ?? null;
      const is = a.get(id) ?? null;
      if (was && is && JSON.stringify(was) === JSON.stringify(is)) continue;
      changes.push({ k, before: was, after: is });
    }
  };
  diff('subject', before.subjects, after.subjects);
  diff('aspect', before.aspects, after.aspects);
  diff('sample', before.samples, after.samples);
  return changes;
}

function sameLinks(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * What a writer already knows about the samples it upserted, by id: their subjects (path and
 * tags) and aspects (as samples embed them). With it, the rows the statement returned are
 * enough to build the events, without reading the samples again.
 */
export interface UpsertContext {
  subjects: ReadonlyMap<string, { absolutePath: string; tags: string[] }>;
  aspects: ReadonlyMap<string, AspectViewRow>;
}

/**
 * The changes of upserted rows from the writer's context: each sample's payload from its row,
 * its subject, and its aspect's payload (built once per aspect). Rows whose subject or aspect
 * the context lacks are left out.
 */
function contextChanges(rows: readonly UpsertedSampleRow[], context: UpsertContext): FeedChange[] {
  const aspects = new Map<string, Payload>();
  const changes: FeedChange[] = [];
  for (const row of rows) {
    const subject = context.subjects.get(row.subject_id);
    const aspect = context.aspects.get(row.aspect_id);
    if (!subject || !aspect) continue;
    let embedded = aspects.get(row.aspect_id);
    if (!embedded) aspects.set(row.aspect_id, (embedded = aspectView({ ...aspect, aspect_id: row.aspect_id })));
    const source: FeedCoreRow = {
      ...row,
      name: `${subject.absolutePath}|${aspect.a_name}`,
      user_name: row.user_name ?? null,
      user_email: row.user_email ?? null,
      user_profile: row.user_profile ?? null,
      sub_path: subject.absolutePath,
      sub_tags: subject.tags,
    };
    changes.push(upsertChange(row, samplePayload(source, embedded)));
  }
  return changes;
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
  // What the sample was, as far as views and a `sample.remove` need it (half the bus traffic of a full record).
  const aspect = after.aspect as Payload;
  const before: Payload = {
    name: after.name,
    value: row.old_value ?? row.value,
    status: row.old_status ?? row.status,
    messageCode: row.old_message_code ?? undefined,
    absolutePath: after.absolutePath,
    subject: after.subject,
    aspect: { name: aspect.name, tags: aspect.tags, timeout: aspect.timeout },
    aspectId: row.aspect_id,
    subjectId: row.subject_id,
  };
  return nochange ? { k: 'sample', before, after, nochange: true } : { k: 'sample', before, after };
}

/**
 * Publishes what each committed change did to the feed's records, on the bus, for every
 * process's subscribers. Writes call it after they commit; a failure here is logged and never
 * fails the write (subscribers that miss a change are told to resync by the bus when it knows).
 */
@Injectable()
export class FeedPublisher {
  private readonly logger = new Logger('RealtimeFeed');
  /** Upserts are published in the order they were committed, without holding up their requests. */
  private upserts: Promise<void> = Promise.resolve();
  private pending = 0;
  private skipped = false;

  constructor(
    private readonly repo: FeedRepository,
    private readonly bus: RealtimeBus,
    private readonly hub: FeedHub,
  ) {}

  /** Whether some process has a feed connection: writes need to return what they changed only then. */
  get listening(): boolean {
    return this.hub.hasAudience;
  }

  /** Runs `work` (a committed write on `scope`) and publishes what it changed in the scope (nothing while no process has a feed connection). */
  async track<T>(scope: FeedScope, work: () => Promise<T>): Promise<T> {
    if (!this.hub.hasAudience) return work();
    const before = await this.safely(() => this.repo.snapshot(scope), EMPTY_SNAPSHOT);
    const result = await work();
    await this.published(before, scope);
    return result;
  }

  /** Publishes the difference between `before` and the scope now (EMPTY_SNAPSHOT for a record just created). */
  async published(before: FeedSnapshot, scope: FeedScope): Promise<void> {
    if (!this.hub.hasAudience) return;
    await this.safely(async () => this.send(diffSnapshots(before, await this.repo.snapshot(scope))), undefined);
  }

  /**
   * Publishes the rows an upsert (or the timeout sweep) returned, once committed: add, update or
   * nochange each. With the writer's `context`, from the rows and the context alone; without it,
   * the rows' subjects and aspects are read (one query). Queued behind the previous ones (commit
   * order); the promise is for tests.
   */
  upserted(rows: readonly UpsertedSampleRow[], context?: UpsertContext): Promise<void> {
    if (!rows.length || !this.hub.hasAudience) return this.upserts;
    if (this.pending >= MAX_PENDING_BATCHES) {
      this.skipped = true; // memory stays bounded; the clients reload once the backlog is gone
      return this.upserts;
    }
    this.pending++;
    this.upserts = this.upserts.then(() =>
      this.safely(async () => {
        this.pending--;
        if (this.skipped) {
          this.skipped = false;
          await this.share({ changes: [], resync: true });
        }
        let changes: FeedChange[] = [];
        if (context) changes = contextChanges(rows, context);
        else for (const { row, context: read } of (await this.repo.upsertedPayloads(rows)).values()) changes.push(upsertChange(row, samplePayload({ ...read, ...row })));
        await this.send(changes);
      }, undefined),
    );
    return this.upserts;
  }

  private async send(changes: FeedChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += MAX_CHANGES_PER_MESSAGE) await this.share({ changes: changes.slice(i, i + MAX_CHANGES_PER_MESSAGE) });
  }

  /**
   * To this process's connections as it is, and through the transport only while another
   * process has connections: a process alone with its viewers serializes nothing.
   */
  private share(message: FeedMessage): Promise<void> {
    return this.bus.share(FEED_TOPIC, message, this.hub.remoteAudience);
  }

  private async safely<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (e) {
      this.logger.warn(`Realtime events not published: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  }
}
