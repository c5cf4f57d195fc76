import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface ChangeListenerEvents {
  /** A notification arrived on the channel (a change committed by any process), with its payload. */
  onChange(payload: string): void;
  /** LISTEN is in place and a notification came through it: from now on every committed change will be reported. */
  onListening(): void;
  /** The connection is gone: changes may go unreported until onListening again. */
  onLost(): void;
}

export interface ChangeListenerTiming {
  /** How often the connection is checked: a notification it sends itself must come back. */
  heartbeatMs: number;
  /** How long a check may take before the connection counts as lost. */
  heartbeatTimeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
}

const PING = 'ping:';
const DEFAULT_TIMING: ChangeListenerTiming = { heartbeatMs: 10_000, heartbeatTimeoutMs: 5_000, retryMinMs: 250, retryMaxMs: 30_000 };

/**
 * One dedicated connection that LISTENs on a PostgreSQL channel and reconnects, with backoff,
 * when it is lost: closed, failed, or deaf. The heartbeat sends a notification of its own (a
 * `ping:` payload, which every listener ignores but its sender) and counts the connection lost
 * when it does not come back in time: a network that went silent, or a session that no longer
 * receives notifications (a transaction-pooling proxy), looks the same. It reports the state of
 * the connection as well as the changes, so that whoever relies on it can stop trusting what it
 * caches while nobody is listening.
 */
export class ChangeListener {
  private client?: Client;
  private retryMs: number;
  private retryTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;
  private readonly timing: ChangeListenerTiming;
  /** The payload of the heartbeat in flight, and what to do when it comes back. */
  private ping?: { payload: string; timer: NodeJS.Timeout };
  /** Whether a heartbeat has come back on the current connection (onListening was reported). */
  private verified = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly events: ChangeListenerEvents,
    timing: Partial<ChangeListenerTiming> = {},
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.retryMs = this.timing.retryMinMs;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    this.endPing();
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'refocus-next-listener', keepAlive: true });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel) return;
      if (!msg.payload?.startsWith(PING)) return this.events.onChange(msg.payload ?? '');
      if (msg.payload !== this.ping?.payload) return;
      this.endPing();
      if (!this.verified) {
        this.verified = true;
        this.retryMs = this.timing.retryMinMs;
        this.events.onListening();
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client || this.stopped) return;
    // Trusted only once a first heartbeat has come back through it.
    this.verified = false;
    this.check(client);
    this.heartbeat = setInterval(() => this.check(client), this.timing.heartbeatMs);
    this.heartbeat.unref();
  }

  private check(client: Client): void {
    if (this.ping) return; // the previous one is still out: its timer decides
    const payload = `${PING}${randomUUID()}`;
    const timer = setTimeout(() => {
      this.ping = undefined;
      this.lost(client);
    }, this.timing.heartbeatTimeoutMs);
    timer.unref();
    this.ping = { payload, timer };
    client.query('SELECT pg_notify($1, $2)', [this.channel, payload]).catch(() => undefined); // a failure: the timer decides
  }

  private endPing(): void {
    if (this.ping) clearTimeout(this.ping.timer);
    this.ping = undefined;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    this.endPing();
    this.events.onLost();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.timing.retryMaxMs);
  }
}
