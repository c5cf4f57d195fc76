import type { UpsertBatch } from './upsert-changes';
/** The bus topic of the feed's changes. */
export const FEED_TOPIC = 'feed.changes';
/** The bus topic on which a process with feed connections says so (`{id}`), so that writers know someone listens. */
export const FEED_PRESENCE_TOPIC = 'feed.presence';

/** Event names, as the original's clients know them. */
export const EVENT_PREFIX = 'refocus.internal.realtime.';
export const RESYNC_EVENT = `${EVENT_PREFIX}resync`;

export type RecordKind = 'sample' | 'subject' | 'aspect';
export type FeedEventName =
  | `${typeof EVENT_PREFIX}sample.${'add' | 'update' | 'remove' | 'nochange'}`
  | `${typeof EVENT_PREFIX}subject.${'add' | 'update' | 'remove'}`
  | `${typeof EVENT_PREFIX}aspect.${'add' | 'update' | 'remove'}`;

/** A record as events carry it (the API's view; a sample also carries absolutePath, subject and aspect). */
export type Payload = Record<string, unknown>;

/**
 * One committed change of one record: what it was and what it is, each null when absent or
 * unpublished (invisible to every subscriber). `nochange`: an upsert that changed nothing but
 * updatedAt. Each subscriber derives its own events from before and after.
 */
export interface FeedChange {
  k: RecordKind;
  before: Payload | null;
  after: Payload | null;
  nochange?: boolean;
}

/** What travels on the bus. */
export interface FeedMessage {
  changes: FeedChange[];
  /** Upserted samples, whose changes each receiving process with connections builds (upsert-changes.ts). */
  upserts?: UpsertBatch;
  /** Changes were skipped (the publisher fell too far behind): every client reloads. */
  resync?: boolean;
}

/** One event for one subscriber: its name and its payload. */
export interface FeedEvent {
  name: FeedEventName;
  payload: unknown;
  /** The record the payload comes from (the key under which its serialized form is shared). */
  source?: Payload;
}
