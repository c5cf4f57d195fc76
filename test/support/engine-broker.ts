import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * PGlite loads its WebAssembly with a dynamic import, which Jest's module sandbox does not
 * allow. So the embedded engines for the tests run in Jest's parent process: this small
 * loopback HTTP service starts one on request (in memory, or on a given data dir) and stops it.
 */
export async function startEngineBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const engines = new Map<string, EmbeddedPostgres>();
  let next = 1;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        try {
          const input = body ? (JSON.parse(body) as { dataDir?: string; id?: string }) : {};
          if (req.url === '/start') {
            const pg = await startEmbeddedPostgres(input.dataDir ?? 'memory://');
            const id = String(next++);
            engines.set(id, pg);
            res.end(JSON.stringify({ id, url: pg.url }));
          } else if (req.url === '/stop' && input.id) {
            await engines.get(input.id)?.stop();
            engines.delete(input.id);
            res.end('{}');
          } else {
            res.statusCode = 404;
            res.end('{}');
          }
        } catch (e) {
          res.statusCode = 500;
          res.end(JSON.stringify({ error: String(e) }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await Promise.all([...engines.values()].map((e) => e.stop().catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Asks the broker (from inside a test) for an embedded engine. */
export async function requestEngine(dataDir?: string): Promise<EmbeddedPostgres> {
  const broker = process.env.TEST_ENGINE_BROKER;
  if (!broker) throw new Error('The embedded engine broker is not running (jest globalSetup)');
  const r = await fetch(`${broker}/start`, { method: 'POST', body: JSON.stringify({ dataDir }) });
  if (!r.ok) throw new Error(`Could not start an embedded engine: ${await r.text()}`);
  const { id, url } = (await r.json()) as { id: string; url: string };
  return {
    url,
    async stop() {
      await fetch(`${broker}/stop`, { method: 'POST', body: JSON.stringify({ id }) });
    },
  };
}
