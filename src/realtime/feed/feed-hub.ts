import { BeforeApplicationShutdown, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { RealtimeBus } from '../realtime-bus';
import { ConnectionQueue, EventSink } from './connection-queue';
import { FEED_TOPIC, FeedMessage } from './feed-types';
import { eventsFor, Subscription } from './subscription';

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

  constructor(
    private readonly bus: RealtimeBus,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(FEED_TOPIC, (m) => this.dispatch(m as FeedMessage));
    this.bus.onGap(() => this.connections.forEach((c) => c.queue.requestResync()));
  }

  beforeApplicationShutdown(): void {
    for (const c of [...this.connections]) c.close();
    this.connections.clear();
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
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      queue.close();
      this.connections.delete(c);
      this.metrics?.realtimeConnections.dec();
    };
  }

  private dispatch(message: FeedMessage): void {
    if (message?.resync) return this.connections.forEach((c) => c.queue.requestResync());
    if (!Array.isArray(message?.changes)) return;
    const byView = new Map<string, ReturnType<typeof eventsFor>>();
    for (const c of this.connections) {
      let events = byView.get(c.key);
      if (!events) byView.set(c.key, (events = eventsFor(c.sub, message.changes)));
      c.queue.push(events);
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
