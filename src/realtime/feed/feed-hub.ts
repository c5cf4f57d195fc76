import { BeforeApplicationShutdown, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { RealtimeBus } from '../realtime-bus';
import { ConnectionQueue, EventSink } from './connection-queue';
import { EventBatch } from './event-batch';
import { FEED_PRESENCE_TOPIC, FEED_TOPIC, FeedMessage } from './feed-types';
import { eventsFor, Subscription } from './subscription';
import { upsertChanges } from './upsert-changes';

/** How often a process with feed connections says so on the bus; writers stop publishing 3 × this after the last one. */
export const PRESENCE_MS = 5000;
/** The longest a new connection waits for its process's first announcement to come back. */
const ANNOUNCE_WAIT_MS = 1000;

interface Connection {
  sub: Subscription;
  /** Same key, same view: the events are computed once per key and message. */
  key: string;
  queue: ConnectionQueue;
  close: () => void;
}

/**
 * This process's feed connections (socket.io and SSE): every message of changes on the bus is
 * turned into each connection's own events and queued on its bounded queue. A bus gap (a
 * transport reconnected) asks every connection to resync. On shutdown every client is told
 * (its transport closes, so it reconnects to another process).
 */
@Injectable()
export class FeedHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly connections = new Set<Connection>();
  private readonly processId = randomUUID();
  /** When another process last said it has feed connections. */
  private lastRemotePresence = 0;
  /** This process's announcement while it has connections: resolved once it came back through the bus. */
  private announcement?: Promise<void>;
  private heard?: () => void;
  private presenceTimer?: NodeJS.Timeout;

  constructor(
    private readonly bus: RealtimeBus,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(FEED_TOPIC, (m) => this.dispatch(m as FeedMessage));
    this.bus.subscribe(FEED_PRESENCE_TOPIC, (m) => {
      if ((m as { id?: unknown })?.id === this.processId) this.heard?.();
      else this.lastRemotePresence = Date.now();
    });
    this.bus.onGap(() => this.connections.forEach((c) => c.queue.requestResync()));
  }

  beforeApplicationShutdown(): void {
    for (const c of [...this.connections]) c.close();
    this.connections.clear();
    this.quiet();
  }

  /**
   * Whether any process has a feed connection. Writers publish nothing when none has: building
   * and carrying the events of every bulk upsert costs more than the upsert itself.
   */
  get hasAudience(): boolean {
    return this.connections.size > 0 || this.remoteAudience;
  }

  /** Whether another process has a feed connection (changes need the transport only then). */
  get remoteAudience(): boolean {
    return Date.now() - this.lastRemotePresence < 3 * PRESENCE_MS;
  }

  /**
   * Tells every process that this one has feed connections, before a new one starts listening:
   * resolves once the announcement came back through the bus (the others heard it at about the
   * same moment), at once while it is already known. Then repeated every PRESENCE_MS while any
   * connection is open.
   */
  announce(): Promise<void> {
    if (this.announcement) return this.announcement;
    const announcement = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ANNOUNCE_WAIT_MS);
      timer.unref();
      this.heard = () => {
        clearTimeout(timer);
        this.heard = undefined;
        resolve();
      };
    });
    this.announcement = announcement;
    const say = () => void this.bus.publish(FEED_PRESENCE_TOPIC, { id: this.processId });
    say();
    this.presenceTimer = setInterval(say, PRESENCE_MS);
    this.presenceTimer.unref();
    return announcement;
  }

  /** No connection left: stop announcing (writers stop publishing once the last announcement is old). */
  private quiet(): void {
    clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
    this.announcement = undefined;
    this.heard = undefined;
  }

  get size(): number {
    return this.connections.size;
  }

  /** Adds a connection; returns the function that removes it (call it when the client goes). */
  register(sub: Subscription, sink: EventSink, close: () => void): () => void {
    const queue = new ConnectionQueue(sink, this.config.realtimeQueueMax, () => this.metrics?.realtimeQueueDrops.inc());
    const c: Connection = { sub, key: subscriptionKey(sub), queue, close };
    this.connections.add(c);
    this.metrics?.realtimeConnections.inc();
    if (!this.presenceTimer) void this.announce(); // the last other connection left meanwhile
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      queue.close();
      this.connections.delete(c);
      this.metrics?.realtimeConnections.dec();
      if (!this.connections.size) this.quiet();
    };
  }

  private dispatch(message: FeedMessage): void {
    if (!this.connections.size) return;
    if (message?.resync) return this.connections.forEach((c) => c.queue.requestResync());
    const changes = message?.upserts ? upsertChanges(message.upserts) : message?.changes;
    if (!Array.isArray(changes)) return;
    // Same key, same events in the same order: computed, and encoded (EventBatch), once per view.
    const byView = new Map<string, EventBatch>();
    for (const c of this.connections) {
      let batch = byView.get(c.key);
      if (!batch) byView.set(c.key, (batch = new EventBatch(eventsFor(c.sub, changes))));
      c.queue.push(batch.events, batch);
    }
  }
}

/** A subscription's identity: root and filters, lower-cased and sorted. */
function subscriptionKey(sub: Subscription): string {
  const filters = Object.entries(sub.filters)
    .filter(([, f]) => f)
    .map(([name, f]) => `${name}:${f!.include ? '+' : '-'}${[...f!.values].sort().join(',')}`)
    .sort();
  return `${sub.root.toLowerCase()}|${filters.join('|')}`;
}
