import { createServer, Server, Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ChangeListener } from '../../src/database/change-listener';
import { createTestDatabase, TestDatabase } from '../support/database';

/** A TCP relay to the database that can go silent: it keeps its sockets open but stops relaying. */
class SilentableRelay {
  private readonly pairs: Array<[Socket, Socket]> = [];
  readonly server: Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      this.pairs.push([client, upstream]);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  /** Every open connection stops carrying bytes, in both directions, without closing. */
  silence(): void {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  async close(): Promise<void> {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ChangeListener (the credentials cache relies on it)', () => {
  let db: TestDatabase;
  let relay: SilentableRelay | undefined;
  let listener: ChangeListener | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await listener?.stop();
    await relay?.close();
    listener = undefined;
    relay = undefined;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reports a connection that went silent as lost, then reconnects and listens again', async () => {
    const target = new URL(db.url);
    const silentable = new SilentableRelay({ host: target.hostname, port: Number(target.port || 5432) });
    relay = silentable;
    const via = new URL(db.url);
    via.host = `127.0.0.1:${await silentable.listen()}`;
    const seen = { listening: 0, lost: 0 };
    listener = new ChangeListener(
      via.toString(),
      'change_listener_test',
      { onChange: () => undefined, onListening: () => seen.listening++, onLost: () => seen.lost++ },
      { heartbeatMs: 100, heartbeatTimeoutMs: 300, retryMinMs: 50 },
    );
    listener.start();
    await until('it listens', () => seen.listening === 1);
    expect(seen.lost).toBe(0);
    silentable.silence(); // no error, no close: only the heartbeat can tell
    await until('the silence is noticed', () => seen.lost === 1);
    await until('it listens again on a new connection', () => seen.listening === 2);
  });

  it('keeps reporting lost, and retrying, while the database cannot be reached', async () => {
    const seen = { listening: 0, lost: 0 };
    listener = new ChangeListener(
      'postgres://postgres@127.0.0.1:1/none',
      'change_listener_test',
      { onChange: () => undefined, onListening: () => seen.listening++, onLost: () => seen.lost++ },
      { retryMinMs: 20, retryMaxMs: 40 },
    );
    listener.start();
    await until('several attempts failed', () => seen.lost >= 3);
    expect(seen.listening).toBe(0);
  });
});
