import { createServer, Server, Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ChangeListener } from '../../src/database/change-listener';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A TCP relay to the database that can go silent (it keeps its sockets open but stops relaying)
 * or deaf (it drops the server's NotificationResponse messages, as a transaction-pooling proxy
 * in effect does to a LISTEN).
 */
class Relay {
  private readonly sockets: Socket[] = [];
  private silent = false;
  deaf = false;
  readonly server: Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      this.sockets.push(client, upstream);
      client.on('data', (d) => {
        if (!this.silent) upstream.write(d);
      });
      let pending = Buffer.alloc(0);
      upstream.on('data', (d) => {
        pending = Buffer.concat([pending, d]);
        // Server messages: a type byte, then a length that counts itself.
        while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
          const size = 1 + pending.readInt32BE(1);
          const message = pending.subarray(0, size);
          pending = pending.subarray(size);
          const isNotification = message[0] === 0x41; // 'A'
          if (!this.silent && !(this.deaf && isNotification)) client.write(message);
        }
      });
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  /** Open connections stop carrying bytes, in both directions, without closing; new ones too. */
  silence(): void {
    this.silent = true;
  }

  /** Carries bytes again (for connections made from now on, and the silent ones). */
  resume(): void {
    this.silent = false;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
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
  let relay: Relay | undefined;
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

  async function listenThrough(timing: { heartbeatMs: number; heartbeatTimeoutMs: number }) {
    const target = new URL(db.url);
    const through = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    relay = through;
    const via = new URL(db.url);
    via.host = `127.0.0.1:${await through.listen()}`;
    const seen = { listening: 0, lost: 0, changes: 0 };
    listener = new ChangeListener(
      via.toString(),
      'change_listener_test',
      { onChange: () => seen.changes++, onListening: () => seen.listening++, onLost: () => seen.lost++ },
      { ...timing, retryMinMs: 50, retryMaxMs: 100 },
    );
    listener.start();
    return { through, seen };
  }

  it('reports a connection that went silent as lost, then reconnects and listens again', async () => {
    const { through, seen } = await listenThrough({ heartbeatMs: 100, heartbeatTimeoutMs: 300 });
    await until('it listens', () => seen.listening === 1);
    expect(seen.lost).toBe(0);
    through.silence(); // no error, no close: only the heartbeat can tell
    await until('the silence is noticed', () => seen.lost === 1);
    through.resume();
    await until('it listens again on a new connection', () => seen.listening === 2);
  });

  it('never trusts a connection that hears no notifications (a transaction-pooling proxy)', async () => {
    const { through, seen } = await listenThrough({ heartbeatMs: 100, heartbeatTimeoutMs: 300 });
    through.deaf = true;
    await until('two deaf connections were given up', () => seen.lost >= 2);
    expect(seen.listening).toBe(0);
    through.deaf = false;
    await until('it listens', () => seen.listening === 1);
    const lostBefore = seen.lost;
    await new Promise((r) => setTimeout(r, 800)); // several heartbeats that come back
    expect(seen.lost).toBe(lostBefore);
    expect(seen.listening).toBe(1);
    expect(seen.changes).toBe(0); // its own heartbeats are not changes
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
