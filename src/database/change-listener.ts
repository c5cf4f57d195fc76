import { Client } from 'pg';

export interface ChangeListenerEvents {
  /** A notification arrived on the channel (a change committed by any process). */
  onChange(): void;
  /** LISTEN is in place: from now on every committed change will be reported. */
  onListening(): void;
  /** The connection is gone: changes may go unreported until onListening again. */
  onLost(): void;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 30_000;

/**
 * One dedicated connection that LISTENs on a PostgreSQL channel and reconnects, with backoff,
 * when it is lost. It reports the state of the connection as well as the notifications, so
 * that whoever relies on it can stop trusting what it caches while nobody is listening.
 */
export class ChangeListener {
  private client?: Client;
  private retryMs = RETRY_MIN_MS;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly events: ChangeListenerEvents,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'refocus-next-listener' });
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
    this.retryMs = RETRY_MIN_MS;
    this.events.onListening();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.events.onLost();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
