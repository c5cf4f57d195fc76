import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * PGlite loads its WebAssembly with a dynamic import, which Jest's module sandbox does not
 * allow. So the embedded engines for the tests run in Jest's parent process: this small
 * loopback HTTP service starts one on request (in memory, or on a given data dir) and stops it.
 *
 * Initialising a new engine (initdb) takes seconds; so once a test file has migrated one, it
 * asks for a snapshot (`/snapshot`, keyed by the migrations' digest), and later in-memory
 * engines with that key start from the snapshot, already migrated.
 */
export async function startEngineBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const engines = new Map<string, EmbeddedPostgres>();
  const snapshots = new Map<string, Promise<Blob>>();
  let next = 1;
  const routes: Record<string, (input: { dataDir?: string; id?: string; key?: string }) => Promise<unknown>> = {
    async '/start'(input) {
      const snapshot = !input.dataDir && input.key ? snapshots.get(input.key) : undefined;
      const pg = await startEmbeddedPostgres(input.dataDir ?? 'memory://', snapshot ? await snapshot : undefined);
      const id = String(next++);
      engines.set(id, pg);
      return { id, url: pg.url, migrated: Boolean(snapshot) };
    },
    async '/snapshot'(input) {
      const pg = input.id ? engines.get(input.id) : undefined;
      if (pg?.dump && input.key && !snapshots.has(input.key)) {
        const dump = pg.dump();
        snapshots.set(input.key, dump);
        dump.catch(() => snapshots.delete(input.key!));
        await dump;
      }
      return {};
    },
    async '/stop'(input) {
      if (input.id) {
        await engines.get(input.id)?.stop();
        engines.delete(input.id);
      }
      return {};
    },
  };
  const server: Server = createServer((req, res) => {
    // One request per connection: a kept-alive socket that the server closes while the client
    // reuses it was the source of ECONNRESET in test set-ups.
    res.setHeader('Connection', 'close');
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        try {
          const route = routes[req.url ?? ''];
          if (!route) {
            res.statusCode = 404;
            res.end('{}');
            return;
          }
          res.end(JSON.stringify(await route(body ? JSON.parse(body) : {})));
        } catch (e) {
          res.statusCode = 500;
          res.end(JSON.stringify({ error: String(e) }));
        }
      })();
    });
  });
  server.keepAliveTimeout = 0;
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

/** Calls the broker, retrying a request that failed on the network (not one it answered). */
async function callBroker<T>(path: string, input: object): Promise<T> {
  const broker = process.env.TEST_ENGINE_BROKER;
  if (!broker) throw new Error('The embedded engine broker is not running (jest globalSetup)');
  for (let attempt = 1; ; attempt++) {
    let r: Response;
    try {
      r = await fetch(`${broker}${path}`, { method: 'POST', body: JSON.stringify(input), headers: { connection: 'close' } });
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      continue;
    }
    if (!r.ok) throw new Error(`The engine broker refused ${path}: ${await r.text()}`);
    return (await r.json()) as T;
  }
}

/** An embedded engine from the broker, and whether it is already migrated (started from a snapshot). */
export interface BrokeredEngine extends EmbeddedPostgres {
  migrated: boolean;
  /** Offers this (freshly migrated, not yet seeded) engine as the snapshot for `key`. */
  snapshot(key: string): Promise<void>;
}

/** Asks the broker (from inside a test) for an embedded engine: in memory (from the `key` snapshot when there is one), or on `dataDir`. */
export async function requestEngine(dataDir?: string, key?: string): Promise<BrokeredEngine> {
  const { id, url, migrated } = await callBroker<{ id: string; url: string; migrated: boolean }>('/start', { dataDir, key });
  return {
    url,
    migrated,
    snapshot: (k: string) => callBroker<void>('/snapshot', { id, key: k }),
    stop: () => callBroker<void>('/stop', { id }),
  };
}
