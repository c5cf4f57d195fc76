import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay of the test's own between the app and PostgreSQL, to pull the plug without
 * touching the shared server: `forward` relays, `refuse` resets every connection (an outage),
 * `silent` keeps the connections open but drops every byte (a network partition, no resets).
 */
export class TcpProxy {
  mode: 'forward' | 'refuse' | 'silent' = 'forward';
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly server: Server;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(url: string): Promise<TcpProxy> {
    const u = new URL(url);
    const proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  /** The same URL, through the proxy. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Resets every open connection and refuses new ones. */
  refuse(): void {
    this.mode = 'refuse';
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  private accept(client: Socket): void {
    if (this.mode === 'refuse') return void client.resetAndDestroy();
    const upstream = new Socket();
    upstream.connect(this.targetPort, this.targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (this.mode === 'forward') to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  async close(): Promise<void> {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
