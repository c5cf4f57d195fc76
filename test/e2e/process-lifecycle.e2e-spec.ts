import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';
import { runTs, ServerProcess, startServer, stopServer } from '../support/server-process';

const SECRET_KEY = 'lifecycle-secret-key-lifecycle-secret-key-0123';
const SHUTDOWN_TIMEOUT_MS = 3000;

async function register(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/v1/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, email: `${name}@example.com`, password: 'a long enough password' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

function api(base: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
}

/** One keep-alive request; resolves with status and headers, or the error code. */
function keepAliveGet(agent: Agent, base: string, token: string): Promise<{ status?: number; connection?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}/v1/aspects`, { agent, headers: { Authorization: token } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

/**
 * The real server in child processes: graceful shutdown with a busy keep-alive client and a
 * request in flight; one process per embedded DATA_DIR (a second server and the CLI are
 * refused); kill -9 in the middle of bulk upserts loses no acknowledged batch. Child processes
 * take a while to start, so this runs in the PostgreSQL pass only.
 */
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('the server process: shutdown, DATA_DIR lock, kill -9', () => {
  describe('SIGTERM on PostgreSQL', () => {
    let db: TestDatabase;
    let server: ServerProcess | undefined;
    beforeAll(async () => {
      db = await createTestDatabase();
      server = await startServer({ DATABASE_URL: db.url, SECRET_KEY, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    }, 180_000);
    afterAll(async () => {
      await stopServer(server);
      await db.drop();
    });

    it('finishes the request in flight with Connection: close, stops serving a busy keep-alive client, exits 0 within the deadline', async () => {
      const s = server!;
      const token = await register(s.base, 'keeper');
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      // a busy keep-alive client, one request after the other on one connection
      let signalled = false;
      let servedAfter = 0;
      const results: Array<{ status?: number; error?: string }> = [];
      const busy = (async () => {
        for (;;) {
          const r = await keepAliveGet(agent, s.base, token);
          results.push(r);
          if (signalled && r.status) servedAfter++;
          if (r.error) return;
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);

      // a request in flight: its body is still being sent when the signal arrives
      const inFlight = new Promise<{ status?: number; connection?: string; body: string }>((resolve, reject) => {
        const req = httpRequest(`${s.base}/v1/subjects`, { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json', 'Content-Length': '38' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
        });
        req.on('error', reject);
        req.write('{"name":"InFlight",');
        setTimeout(() => {
          signalled = true;
          s.child.kill('SIGTERM');
          setTimeout(() => req.end('"isPublished":true}'), 500);
        }, 100);
      });
      const started = Date.now();
      const answer = await inFlight;
      expect(answer.status).toBe(201);
      expect(answer.connection).toBe('close');
      expect(await s.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 3000);
      await busy;
      // the keep-alive client got at most the answer it was waiting for, then its connection closed
      expect(servedAfter).toBeLessThanOrEqual(2);
      expect(results[results.length - 1].error).toBeDefined();
      expect(s.output()).toMatch(/SIGTERM received: draining/);
      agent.destroy();
    }, 60_000);
  });

  describe('embedded engine on a DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rf-lifecycle-'));
    const env = { DATABASE_URL: '', DATA_DIR: dataDir, SECRET_KEY, ADMIN_PASSWORD: 'lifecycle-admin-password' };
    let server: ServerProcess | undefined;
    afterAll(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('refuses a second server and the CLI on the same DATA_DIR, naming the process that holds it', async () => {
      server = await startServer(env);
      const pid = server.child.pid!;
      const second = runTs('src/main.ts', [], { ...env, PORT: '0' });
      const cli = runTs('src/cli.ts', ['token', 'create', '--user', 'admin@refocus.admin', '--name', 'x'], env);
      const message = `DATA_DIR ${dataDir} is in use by process ${pid}; stop it first, or use DATABASE_URL`;
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toContain(message);
      expect(await cli.exited).not.toBe(0);
      expect(cli.output()).toContain(message);
    }, 300_000);

    it('kill -9 in the middle of bulk upserts: after a restart every acknowledged batch is there', async () => {
      const s = server!;
      const token = await register(s.base, 'bulker');
      const call = api(s.base, token);
      expect((await call('POST', '/v1/aspects', { name: 'Load', timeout: '1h', isPublished: true, valueType: 'NUMERIC', okRange: [0, 100] })).status).toBe(201);
      const SUBJECTS = 60;
      for (let i = 0; i < SUBJECTS; i++) expect((await call('POST', '/v1/subjects', { name: `node${i}`, isPublished: true })).status).toBe(201);
      const acknowledged = new Map<string, string>(); // sample name → value of the last acknowledged write
      let batch = 0;
      let killed = false;
      const writer = (async () => {
        while (!killed) {
          const b = batch++;
          const items = Array.from({ length: 10 }, (_, k) => ({ name: `node${(b * 10 + k) % SUBJECTS}|Load`, value: String(b) }));
          const res = await call('POST', '/v1/samples/upsert/bulk', items).catch(() => undefined);
          if (res?.status === 200) for (const it of items) acknowledged.set(it.name.toLowerCase(), it.value);
        }
      })();
      while (acknowledged.size < SUBJECTS) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      killed = true;
      s.child.kill('SIGKILL');
      await s.exited;
      await writer;

      // the lock left behind is stale: the restart takes it over
      server = await startServer(env);
      const after = api(server.base, token);
      const list = await after('GET', '/v1/samples?name=node*|Load');
      expect(list.status).toBe(200);
      const stored = new Map((list.body as Array<{ name: string; value: string }>).map((x) => [x.name.toLowerCase(), x.value]));
      for (const [name, value] of acknowledged) expect(Number(stored.get(name))).toBeGreaterThanOrEqual(Number(value));
    }, 300_000);
  });
});
