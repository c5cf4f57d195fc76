import type { HierarchyFilter, HierarchyFilters } from '../../subjects/hierarchy';
import { EVENT_PREFIX, FeedChange, FeedEvent, FeedEventName, Payload, RecordKind } from './feed-types';

/** What one client watches: the subtree at `root` (an absolutePath) seen through the hierarchy's filters. */
export interface Subscription {
  root: string;
  filters: HierarchyFilters;
}

/** Lower-cased names and paths, remembered (the same few thousand come back in every message, for every view). */
const lowered = new Map<string, string>();
const LOWERED_MAX = 100_000;

function lower(v: string): string {
  let l = lowered.get(v);
  if (l === undefined) {
    if (lowered.size >= LOWERED_MAX) lowered.clear();
    lowered.set(v, (l = v.toLowerCase()));
  }
  return l;
}

/** Does a filter pass `values` (any listed for include, none listed for exclude)? The hierarchy's rule. */
function passes(filter: HierarchyFilter | undefined, values: readonly unknown[]): boolean {
  if (!filter) return true;
  let hit = false;
  for (const v of values) {
    if (typeof v === 'string' && filter.values.has(lower(v))) {
      hit = true;
      break;
    }
  }
  return filter.include ? hit : !hit;
}

/** passes() for one value. */
function passesOne(filter: HierarchyFilter | undefined, value: unknown): boolean {
  if (!filter) return true;
  const hit = typeof value === 'string' && filter.values.has(lower(value));
  return filter.include ? hit : !hit;
}

/** Whole path segments: root `A` covers `A` and `A.B`, never `AB`. */
export function underRoot(root: string, path: unknown): boolean {
  if (typeof path !== 'string') return false;
  const p = lower(path);
  const r = lower(root);
  return p === r || (p.length > r.length && p.charCodeAt(r.length) === 46 /* . */ && p.startsWith(r));
}

function tagsOf(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : [];
}

/** Whether a record (as events carry it; null = absent or unpublished) is in the subscriber's view. */
export function visible(sub: Subscription, kind: RecordKind, p: Payload | null): boolean {
  if (!p) return false;
  const f = sub.filters;
  switch (kind) {
    case 'subject':
      return underRoot(sub.root, p.absolutePath) && passes(f.subjectTags, tagsOf(p.tags));
    case 'aspect':
      return passesOne(f.aspect, p.name) && passes(f.aspectTags, tagsOf(p.tags));
    case 'sample': {
      const subject = (p.subject ?? {}) as Payload;
      const aspect = (p.aspect ?? {}) as Payload;
      return (
        underRoot(sub.root, p.absolutePath) &&
        passes(f.subjectTags, tagsOf(subject.tags)) &&
        passesOne(f.aspect, aspect.name) &&
        passes(f.aspectTags, tagsOf(aspect.tags)) &&
        passesOne(f.status, p.status)
      );
    }
  }
}

/** Same record identity for a subscriber (else a rename/move/re-tag: remove the old, add the new). */
function sameIdentity(kind: RecordKind, a: Payload, b: Payload): boolean {
  if (kind === 'sample') return String(a.name).toLowerCase() === String(b.name).toLowerCase();
  const key = kind === 'subject' ? 'absolutePath' : 'name';
  return String(a[key]) === String(b[key]) && JSON.stringify(a.tags ?? []) === JSON.stringify(b.tags ?? []);
}

/** Delivery order inside one message: removals first, then aspects, subjects, samples (parents before children). */
const RANK: Record<string, number> = { 'sample.remove': 0, 'subject.remove': 1, 'aspect.remove': 2, aspect: 3, subject: 4, sample: 5 };
const RANKS = 6;
/** Each event name's rank, worked out once per name. */
const rankByName = new Map<string, number>();

function rank(e: FeedEvent): number {
  let r = rankByName.get(e.name);
  if (r === undefined) {
    const short = e.name.slice(EVENT_PREFIX.length);
    rankByName.set(e.name, (r = RANK[short] ?? RANK[short.split('.')[0]]));
  }
  return r;
}

function ev(kind: RecordKind, op: string, payload: unknown, source: Payload): FeedEvent {
  return { name: `${EVENT_PREFIX}${kind}.${op}` as FeedEventName, payload, source };
}

/** The `sample.nochange` payload: name, updatedAt and the aspect's name and timeout. */
function nochangePayload(p: Payload): Payload {
  const aspect = (p.aspect ?? {}) as Payload;
  return { name: p.name, updatedAt: p.updatedAt, aspect: { name: aspect.name, timeout: aspect.timeout } };
}

/** The events one change means to one subscriber (none when it does not alter the view). */
export function eventsOf(sub: Subscription, c: FeedChange): FeedEvent[] {
  const was = visible(sub, c.k, c.before);
  const is = visible(sub, c.k, c.after);
  if (!was && !is) return [];
  const before = c.before as Payload;
  const after = c.after as Payload;
  if (!was) return [ev(c.k, 'add', after, after)];
  if (!is) return [ev(c.k, 'remove', before, before)];
  if (c.nochange) return c.k === 'sample' ? [ev('sample', 'nochange', nochangePayload(after), after)] : [];
  if (!sameIdentity(c.k, before, after)) return [ev(c.k, 'remove', before, before), ev(c.k, 'add', after, after)];
  return [ev(c.k, 'update', { new: after }, after)];
}

/** Every event a message of changes means to one subscriber, in delivery order. */
export function eventsFor(sub: Subscription, changes: readonly FeedChange[]): FeedEvent[] {
  // A stable sort by rank, in one pass: one list per rank, in arrival order, then joined.
  const byRank: FeedEvent[][] = Array.from({ length: RANKS }, () => []);
  for (const c of changes) for (const e of eventsOf(sub, c)) byRank[rank(e)].push(e);
  const filled = byRank.filter((list) => list.length);
  return filled.length === 1 ? filled[0] : filled.flat();
}

/** A record's serialized events (by event name), kept on the record itself (not in a WeakMap: no ephemerons for the GC). */
const TEXTS = Symbol('feedTexts');
/** A record's own JSON, when its builder made it without JSON.stringify (sourceWithJson). */
const OWN_JSON = Symbol('feedJson');

interface EventTexts {
  payload?: string;
  wire?: string;
  quoted?: string;
}

type Source = Payload & { [TEXTS]?: Record<string, EventTexts>; [OWN_JSON]?: () => string };

/**
 * Gives `p` its own JSON text, built by `json` when first needed instead of JSON.stringify(p)
 * (which it must equal, once `p`'s properties not used for filtering are added): upserted
 * samples, whose payloads are written straight from the row.
 */
export function sourceWithJson<P extends Payload>(p: P, json: () => string): P {
  Object.defineProperty(p, OWN_JSON, { value: json });
  return p;
}

/** A record's JSON: its own when it has one (sourceWithJson). */
export function recordJson(p: Payload): string {
  const own = (p as Source)[OWN_JSON];
  return own ? own() : JSON.stringify(p);
}

/** Texts shared by every connection that gets the same event. */
function cached(e: FeedEvent): EventTexts {
  const source = e.source as Source | undefined;
  if (!source) return {};
  let byName = source[TEXTS];
  if (!byName) Object.defineProperty(source, TEXTS, { value: (byName = {}) });
  return (byName[e.name] ??= {});
}

/** The JSON of an event's payload: the record's own text when the payload is the record or `{new: record}`. */
function buildPayloadJson(e: FeedEvent): string {
  const source = e.source as Source | undefined;
  if (source?.[OWN_JSON]) {
    if (e.payload === source) return recordJson(source);
    const p = e.payload as { new?: unknown };
    if (p && p.new === source && Object.keys(p).length === 1) return `{"new":${recordJson(source)}}`;
  }
  return JSON.stringify(e.payload);
}

/** The event's payload as JSON (what an SSE `data:` line carries), serialized once per event. */
export function payloadJson(e: FeedEvent): string {
  const texts = cached(e);
  return (texts.payload ??= buildPayloadJson(e));
}

/** The original's wire format: the JSON string `{"<event name>": payload}` (serialized once per event, not per connection). */
export function wireData(e: FeedEvent): string {
  const texts = cached(e);
  return (texts.wire ??= `{${JSON.stringify(e.name)}:${payloadJson(e)}}`);
}

/** The payload's JSON as a JSON string (quotes included): how the wire data's payload part appears inside a socket.io packet. */
export function quotedPayloadJson(e: FeedEvent): string {
  const texts = cached(e);
  return (texts.quoted ??= JSON.stringify(payloadJson(e)));
}
