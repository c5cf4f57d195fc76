import { Client } from 'pg';

export interface ChangeListenerEvents {
  /** A notification arrived on the channel (a change committed by any process). */
  onChange(): void;
  /** LISTEN is in place: from now on every committed change will be reported. */
  onListening(): void;
  /** The connection is gone: changes may go unreported until onListening again. */
  onLost(): void;
}

export interface ChangeListenerTiming {
  /** How often the connection is checked with a round trip (a silent network loss sends no error). */
  heartbeatMs: number;
  /** How long a check may take before the connection counts as lost. */
  heartbeatTimeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
}

const DEFAULT_TIMING: ChangeListenerTiming = { heartbeatMs: 10_000, heartbeatTimeoutMs: 5_000, retryMinMs: 250, retryMaxMs: 30_000 };

/**
 * One dedicated connection that LISTENs on a PostgreSQL channel and reconnects, with backoff,
 * when it is lost: closed, failed, or silent (a heartbeat query that does not come back in
 * time). It reports the state of the connection as well as the notifications, so that whoever
 * relies on it can stop trusting what it caches while nobody is listening.
 */
export class ChangeListener {
  private client?: Client;
  private retryMs: number;
  private retryTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;
  private readonly timing: ChangeListenerTiming;

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
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'refocus-next-listener', keepAlive: true });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.events.onChange();
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
    this.retryMs = this.timing.retryMinMs;
    this.heartbeat = setInterval(() => this.check(client), this.timing.heartbeatMs);
    this.heartbeat.unref();
    this.events.onListening();
  }

  private check(client: Client): void {
    const timer = setTimeout(() => this.lost(client), this.timing.heartbeatTimeoutMs);
    client.query('SELECT 1').then(
      () => clearTimeout(timer),
      () => {
        clearTimeout(timer);
        this.lost(client);
      },
    );
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    this.events.onLost();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.timing.retryMaxMs);
  }
}
