import type { EventBatch } from './event-batch';
import { FeedEvent, RESYNC_EVENT } from './feed-types';

/** Where a connection's events go: a socket.io socket or an SSE response. */
export interface EventSink {
  /** Whether the transport takes more now (false while the client is not reading what was sent). */
  ready(): boolean;
  send(name: string, event: FeedEvent | null): void;
  /**
   * Writes a whole batch at once, encoded once for every connection of its view, when the
   * transport can take it now as it is; false: the queue sends its events one by one.
   */
  sendBatch?(batch: EventBatch): boolean;
  /** Calls `flush` whenever the transport drained. */
  onDrain(flush: () => void): void;
}

/**
 * One connection's bounded queue. Events wait here while the client does not read (the
 * transport's own buffer stays small); when `max` are waiting the queue is dropped and, once
 * the client reads again, it gets `refocus.internal.realtime.resync` and reloads.
 */
export class ConnectionQueue {
  private queue: FeedEvent[] = [];
  private resync = false;
  private closed = false;
  private flushing = false;

  constructor(
    private readonly sink: EventSink,
    private readonly max: number,
    private readonly dropped: () => void,
  ) {
    sink.onDrain(() => this.flush());
  }

  get size(): number {
    return this.queue.length;
  }

  /** Queues a message's events (`batch`: the same, encoded once for the view, written whole when nothing waits before it). */
  push(events: readonly FeedEvent[], batch?: EventBatch): void {
    if (this.closed || !events.length) return;
    if (batch && !this.resync && !this.queue.length && !this.flushing && this.sink.sendBatch?.(batch)) return;
    if (this.resync || this.queue.length + events.length > this.max) {
      if (!this.resync) this.dropped();
      this.queue = [];
      this.resync = true;
    } else {
      for (const e of events) this.queue.push(e);
    }
    this.flush();
  }

  /** Tells the client to reload (messages may have been lost upstream). */
  requestResync(): void {
    this.queue = [];
    this.resync = true;
    this.flush();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
  }

  private flush(): void {
    // A send may drain the transport synchronously and call flush again: one flush at a time.
    if (this.closed || this.flushing) return;
    this.flushing = true;
    try {
      if (this.resync) {
        if (!this.sink.ready()) return;
        this.resync = false;
        this.sink.send(RESYNC_EVENT, null);
      }
      let i = 0;
      while (i < this.queue.length && this.sink.ready()) {
        const e = this.queue[i++];
        this.sink.send(e.name, e);
      }
      this.queue = i >= this.queue.length ? [] : this.queue.slice(i);
    } finally {
      this.flushing = false;
    }
  }
}
