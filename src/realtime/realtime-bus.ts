import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { ChangeListener } from '../database/change-listener';
import type { RealtimeRepository } from './realtime.repository';

/** A handler of one topic's messages, called in publish order (per publishing process). */
export type BusHandler = (message: unknown) => void;

/** How messages travel between processes. */
export type BusTransportKind = 'redis' | 'postgres' | 'memory';

/** One way of carrying the bus's envelopes (JSON text) to every process, including the sender. */
export interface BusTransport {
  readonly kind: BusTransportKind;
  start(deliver: (envelope: string) => void, gap: () => void): Promise<void> | void;
  send(envelope: string): Promise<void>;
  stop(): Promise<void>;
}

/** The PostgreSQL channel and the Redis channel of the bus. */
export const BUS_PG_CHANNEL = 'refocus_realtime';
export const BUS_REDIS_CHANNEL = 'refocus:realtime';
/** NOTIFY payloads must stay under 8000 bytes: longer envelopes go in numbered chunks. */
const PG_CHUNK_BYTES = 7800;
const PARTIAL_TTL_MS = 30_000;

/**
 * The cross-process bus: `publish(topic, message)` reaches every `subscribe(topic, …)` of every
 * process (this one included), in publish order per publisher. Through Redis pub/sub when
 * REDIS_URL is set, PostgreSQL LISTEN/NOTIFY on a real server, in process on the embedded
 * engine. `onGap` hears when messages may have been lost (a transport reconnected), so that
 * whoever keeps state from the messages can start over.
 */
export class RealtimeBus {
  private readonly logger = new Logger('RealtimeBus');
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly gapHandlers = new Set<() => void>();
  /** Sends in order, one at a time. */
  private chain: Promise<void> = Promise.resolve();
  /** Marks this process's shared messages, which it delivered to itself already. */
  private readonly origin = randomBytes(9).toString('base64url');
  /** How this process's shared envelopes begin (base64url needs no escaping in JSON). */
  private readonly ownPrefix = `{"o":"${this.origin}",`;

  constructor(private readonly transport: BusTransport) {}

  get kind(): BusTransportKind {
    return this.transport.kind;
  }

  async start(): Promise<void> {
    await this.transport.start(
      (envelope) => this.deliver(envelope),
      () => this.gapHandlers.forEach((h) => h()),
    );
  }

  stop(): Promise<void> {
    return this.transport.stop();
  }

  /** Sends `message` (JSON-serialisable) to every subscriber of `topic` in every process; resolves once handed to the transport. */
  publish(topic: string, message: unknown): Promise<void> {
    const envelope = JSON.stringify({ t: topic, m: message });
    const sent = this.chain.then(() => this.transport.send(envelope));
    this.chain = sent.catch((e: unknown) => {
      this.logger.warn(`Could not publish on the ${this.kind} bus: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.chain;
  }

  /**
   * Hands `message` to this process's subscribers of `topic` as it is (no serialization), in
   * order with this process's other messages, and, when `others`, sends it to every other
   * process through the transport (this process drops its own copy when it comes back). For
   * messages that only processes with listeners need: a caller that knows no other process
   * listens saves the transport its size.
   */
  share(topic: string, message: unknown, others: boolean): Promise<void> {
    const local = () => this.dispatch(topic, message);
    if (!others) {
      this.chain = this.chain.then(local);
      return this.chain;
    }
    // The origin first: this process recognises its own copy by its first bytes, without parsing it.
    const envelope = JSON.stringify({ o: this.origin, t: topic, m: message });
    const sent = this.chain.then(() => {
      local();
      return this.transport.send(envelope);
    });
    this.chain = sent.catch((e: unknown) => {
      this.logger.warn(`Could not publish on the ${this.kind} bus: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.chain;
  }

  /** Calls `handler` with every message of `topic`; returns the unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Calls `handler` whenever messages may have been lost. */
  onGap(handler: () => void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  private deliver(envelope: string): void {
    if (envelope.startsWith(this.ownPrefix)) return; // delivered to itself already (share)
    let parsed: { t?: unknown; m?: unknown; o?: unknown };
    try {
      parsed = JSON.parse(envelope) as { t?: unknown; m?: unknown; o?: unknown };
    } catch {
      return;
    }
    if (typeof parsed.t !== 'string' || parsed.o === this.origin) return;
    this.dispatch(parsed.t, parsed.m);
  }

  private dispatch(topic: string, message: unknown): void {
    for (const h of this.handlers.get(topic) ?? []) {
      try {
        h(message);
      } catch (e) {
        this.logger.error(`A ${topic} handler failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

/** In process (the embedded engine has one process): delivered on the next microtask, in order. */
export class MemoryTransport implements BusTransport {
  readonly kind = 'memory' as const;
  private deliver?: (envelope: string) => void;

  start(deliver: (envelope: string) => void): void {
    this.deliver = deliver;
  }

  send(envelope: string): Promise<void> {
    const deliver = this.deliver;
    if (deliver) queueMicrotask(() => deliver(envelope));
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.deliver = undefined;
    return Promise.resolve();
  }
}

/**
 * Redis pub/sub on one channel per database (`refocus:realtime:<database name>`, so that
 * deployments or tests sharing a Redis do not hear each other): one connection publishes, a
 * duplicate subscribes.
 */
export class RedisTransport implements BusTransport {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RealtimeBus');
  private pub?: Redis;
  private sub?: Redis;
  private channel = BUS_REDIS_CHANNEL;

  constructor(
    private readonly url: string,
    private readonly database?: Pick<RealtimeRepository, 'databaseName'>,
  ) {}

  async start(deliver: (envelope: string) => void, gap: () => void): Promise<void> {
    if (this.database) this.channel = `${BUS_REDIS_CHANNEL}:${await this.database.databaseName()}`;
    // The URL may carry a password: errors are logged by their message only.
    const pub = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const sub = pub.duplicate();
    this.pub = pub;
    this.sub = sub;
    let warned = false;
    const onError = (e: Error) => {
      if (!warned) this.logger.warn(`Redis unavailable for the realtime feed: ${e.message}`);
      warned = true;
    };
    pub.on('error', onError);
    sub.on('error', onError);
    let ready = false;
    sub.on('ready', () => {
      warned = false;
      if (ready) gap(); // a reconnection: messages sent meanwhile were lost
      ready = true;
    });
    sub.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) deliver(payload);
    });
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(this.channel);
  }

  async send(envelope: string): Promise<void> {
    if (!this.pub) throw new Error('bus stopped');
    await this.pub.publish(this.channel, envelope);
  }

  async stop(): Promise<void> {
    const clients = [this.pub, this.sub];
    this.pub = this.sub = undefined;
    await Promise.all(clients.map((c) => c?.quit().catch(() => c.disconnect())));
  }
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a surrogate pair. */
export function chunkText(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let n = Math.min(maxBytes, text.length - i);
    while (Buffer.byteLength(text.slice(i, i + n)) > maxBytes) n = Math.floor(n * 0.9);
    const last = text.charCodeAt(i + n - 1);
    if (i + n < text.length && last >= 0xd800 && last <= 0xdbff) n--;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out.length ? out : [''];
}

/**
 * PostgreSQL LISTEN/NOTIFY: the listener is the service's ChangeListener (reconnects, checks
 * itself with heartbeats). Envelopes longer than one NOTIFY go as `id:i:n:` chunks, all
 * notified by one statement (one transaction: they arrive together and in order).
 */
export class PostgresTransport implements BusTransport {
  readonly kind = 'postgres' as const;
  private listener?: ChangeListener;
  private readonly prefix = randomBytes(6).toString('base64url');
  private counter = 0;
  private readonly partial = new Map<string, { parts: string[]; got: number; at: number }>();

  constructor(
    private readonly url: string,
    private readonly db: Pick<RealtimeRepository, 'notify'>,
  ) {}

  start(deliver: (envelope: string) => void, gap: () => void): Promise<void> {
    let listening = false;
    return new Promise((resolve) => {
      this.listener = new ChangeListener(this.url, BUS_PG_CHANNEL, {
        onChange: (payload) => this.receive(payload, deliver),
        onListening: () => {
          if (listening) gap();
          listening = true;
          resolve();
        },
        onLost: () => this.partial.clear(),
      }, { heartbeatMs: 5_000, heartbeatTimeoutMs: 3_000 });
      this.listener.start();
      // Start-up does not wait for a database that is down: the listener keeps trying.
      setTimeout(resolve, 3_000).unref();
    });
  }

  async send(envelope: string): Promise<void> {
    const id = `${this.prefix}${(this.counter++).toString(36)}`;
    const chunks = chunkText(envelope, PG_CHUNK_BYTES);
    const payloads = chunks.map((c, i) => `${id}:${i}:${chunks.length}:${c}`);
    await this.db.notify(BUS_PG_CHANNEL, payloads);
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
    this.listener = undefined;
  }

  private receive(payload: string, deliver: (envelope: string) => void): void {
    const m = /^([A-Za-z0-9_-]+):(\d+):(\d+):/.exec(payload);
    if (!m) return;
    const [head, id, iText, nText] = m;
    const i = Number(iText);
    const n = Number(nText);
    const body = payload.slice(head.length);
    if (n === 1) return deliver(body);
    const now = Date.now();
    let p = this.partial.get(id);
    if (!p) {
      for (const [k, v] of this.partial) if (now - v.at > PARTIAL_TTL_MS) this.partial.delete(k);
      this.partial.set(id, (p = { parts: new Array<string>(n), got: 0, at: now }));
    }
    if (i >= n || p.parts[i] !== undefined) return;
    p.parts[i] = body;
    if (++p.got < n) return;
    this.partial.delete(id);
    deliver(p.parts.join(''));
  }
}
