import { createServer, Server, Socket } from 'node:net';
import { guardedClientClass, longStatement } from './query-timeouts';

/** A "server" that accepts connections and never answers: a silent network, as pg sees it. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    s.resume(); // read (and drop) what pg sends, so that its closing is seen
    sockets.push(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

/** The error of one statement on a client of `Guarded` whose own limit is `connectionLimitMs`, and how long it took. */
async function statementOn(
  Guarded: ReturnType<typeof guardedClientClass>,
  port: number,
  connectionLimitMs: number,
  query: string | { text: string },
): Promise<{ err: Error; took: number }> {
  const client = new Guarded({ host: '127.0.0.1', port, user: 'x', database: 'x', query_timeout: connectionLimitMs });
  // connect() waits for the server's answer forever; pg queues the query meanwhile
  void client.connect().catch(() => undefined);
  client.on('error', () => undefined);
  const started = Date.now();
  const err = (await client.query(query as string).catch((e: Error) => e)) as Error;
  return { err, took: Date.now() - started };
}

async function destroyed(socket: Socket | undefined): Promise<boolean> {
  const end = Date.now() + 2000;
  while (!socket?.destroyed && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return socket?.destroyed === true;
}

describe('guardedClientClass', () => {
  it("bounds each statement by the connection's (short) limit, closes the connection that ran out and reports it", async () => {
    const { server, port, sockets } = await silentServer();
    let timeouts = 0;
    const Guarded = guardedClientClass({ onStatementTimeout: () => timeouts++ }, 60_000);
    Guarded.serving();
    const { err, took } = await statementOn(Guarded, port, 200, 'SELECT 1');
    expect(err.message).toBe('Query read timeout');
    expect(took).toBeLessThan(2000);
    expect(timeouts).toBe(1);
    // the connection that ran out is closed (the server side sees it go)
    expect(await destroyed(sockets[0])).toBe(true);
    server.close();
  });

  it('gives a statement marked as bulk work the long limit instead', async () => {
    const { server, port } = await silentServer();
    let timeouts = 0;
    const Guarded = guardedClientClass({ onStatementTimeout: () => timeouts++ }, 200);
    Guarded.serving();
    const { err, took } = await statementOn(Guarded, port, 60_000, longStatement({ text: 'SELECT 1' }));
    expect(err.message).toBe('Query read timeout');
    expect(took).toBeLessThan(2000);
    expect(timeouts).toBe(1);
    server.close();
  });

  it('gives every statement the long limit until serving() (the migrations at start-up)', async () => {
    const { server, port } = await silentServer();
    const Guarded = guardedClientClass({ onStatementTimeout: () => undefined }, 200);
    const { err, took } = await statementOn(Guarded, port, 60_000, 'SELECT 1');
    expect(err.message).toBe('Query read timeout');
    expect(took).toBeLessThan(2000);
    server.close();
  });
});
