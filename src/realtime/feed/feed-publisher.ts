import { Injectable, Logger } from '@nestjs/common';
import type { UpsertedSampleRow } from '../../samples/sample.presenter';
import { RealtimeBus } from '../realtime-bus';
import { EMPTY_SNAPSHOT, FeedRepository, FeedScope, FeedSnapshot } from './feed.repository';
import { upsertBatches, type UpsertContext } from './upsert-changes';
import { FeedHub } from './feed-hub';
import { FEED_TOPIC, FeedChange, FeedMessage, Payload, RecordKind } from './feed-types';

/** Changes (or upserted samples) per bus message (a bulk upsert of 1000 samples is one message). */
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
   * nochange each, built by each process with connections from the rows and their subjects and
   * aspects (UpsertBatch): the writer's `context`, or, without it, read (one query). Queued
   * behind the previous ones (commit order); the promise is for tests.
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
        const source = context ? { rows: [...rows], context } : await this.repo.upsertContext(rows);
        for (const upserts of upsertBatches(source.rows, source.context, MAX_CHANGES_PER_MESSAGE)) {
          await this.share({ changes: [], upserts });
        }
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
