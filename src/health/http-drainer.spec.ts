import { createServer, request, Server, ServerResponse } from 'node:http';
import { HttpDrainer } from './http-drainer';

type Handler = (path: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; drainer: HttpDrainer; port: number }> {
  const server = createServer((req, res) => handler(req.url ?? '', res));
  const drainer = new HttpDrainer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, drainer, port: (server.address() as { port: number }).port };
}

function get(port: number, path: string, onHeaders?: () => void): Promise<{ status?: number; connection?: string; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      onHeaders?.();
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
      res.on('error', (e) => resolve({ body, error: e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ body: '', error: e.code ?? e.message }));
    req.end();
  });
}

describe('HttpDrainer', () => {
  it('lets the request in flight finish with Connection: close, and ends at once when nothing is left', async () => {
    let finish: (() => void) | undefined;
    const { server, drainer, port } = await serve((_path, res) => {
      finish = () => res.end('done');
    });
    const answer = get(port, '/slow');
    while (!finish) await new Promise((r) => setTimeout(r, 5));
    const drained = drainer.drain(5000);
    setTimeout(() => finish!(), 100);
    const res = await answer;
    expect(res).toMatchObject({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toEqual({ inFlight: 1, forced: false });
    expect(server.listening).toBe(false);
  });

  it('ends event streams at once, and closes what is still running at the deadline', async () => {
    const { drainer, port } = await serve((path, res) => {
      if (path === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write(': hello\n\n');
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('never ends');
      }
    });
    let headers = 0;
    const events = get(port, '/events', () => headers++);
    const stuck = get(port, '/stuck', () => headers++);
    while (headers < 2) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    const drained = await drainer.drain(300);
    expect(drained).toEqual({ inFlight: 2, forced: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await events).body).toBe(': hello\n\n');
    // the stuck answer's connection was closed under it: the client sees it end, not hang
    expect((await stuck).body).toBe('never ends');
  });
});
