import { createServer, Server, Socket } from 'node:net';
import { guardedClientClass, withQueryTimeout } from './query-timeouts';

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

describe('guardedClientClass', () => {
  it('bounds each statement by the context limit, closes the connection that ran out and reports it', async () => {
    const { server, port, sockets } = await silentServer();
    let timeouts = 0;
    const Guarded = guardedClientClass({ onStatementTimeout: () => timeouts++ });
    const client = new Guarded({ host: '127.0.0.1', port, user: 'x', database: 'x', query_timeout: 60_000 });
    // connect() waits for the server's answer forever; pg queues the query meanwhile
    void client.connect().catch(() => undefined);
    client.on('error', () => undefined);
    const started = Date.now();
    const err = await withQueryTimeout(200, () => client.query('SELECT 1')).catch((e: Error) => e);
    expect((err as Error).message).toBe('Query read timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(timeouts).toBe(1);
    // the connection that ran out is closed (the server side sees it go)
    const end = Date.now() + 2000;
    while (!sockets[0]?.destroyed && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(sockets[0]?.destroyed).toBe(true);
    server.close();
  });
});
