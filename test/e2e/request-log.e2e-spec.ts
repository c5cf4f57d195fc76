import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Issue 19: one cheap line per request. The real server (its own process, production mode,
 * default LOG_LEVEL) logs each request as one JSON line with the request id, method, URL,
 * status and time, and no headers; lines written through the asynchronous destination are all
 * out once the process has exited. A second server process: PostgreSQL pass only.
 */
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('request log lines (issue 19)', () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  let db: TestDatabase;
  let server: ChildProcess;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    server = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: db.url,
        SECRET_KEY: 'request-log-test-secret-key-request-log-test',
        ADMIN_PASSWORD: 'request-log-test-admin-password',
        LOG_LEVEL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 240; i++) {
      const up = await fetch(`${base}/v1/health`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server did not start:\n${(stdout + stderr).slice(-2000)}`);
  }, 90000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
    await db?.drop();
  });

  it('logs one line per request without headers, all of them out by the time the process exits', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `log-test-${i}`);
    await Promise.all(
      ids.map((id) =>
        fetch(`${base}/v1/aspects?x=${id}`, {
          headers: { 'x-request-id': id, authorization: 'rfk_not-a-real-token', cookie: 'sid=abc', 'user-agent': 'log-test' },
        }).then((r) => expect(r.status).toBe(401)),
      ),
    );
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { id?: string }; [k: string]: unknown });
    const mine = lines.filter((l) => typeof l.req?.id === 'string' && ids.includes(l.req.id));
    expect(mine.map((l) => l.req!.id).sort()).toEqual([...ids].sort());
    for (const line of mine) {
      expect(line).toMatchObject({ level: 30, msg: 'request completed', res: { statusCode: 401 }, responseTime: expect.any(Number) });
      expect(line.req).toEqual({ id: expect.any(String), method: 'GET', url: `/v1/aspects?x=${line.req!.id}`, remoteAddress: expect.any(String) });
    }
    expect(stdout).not.toContain('rfk_not-a-real-token');
    expect(stdout).not.toContain('sid=abc');
    expect(stdout).not.toContain('"headers"');
  }, 60000);
});
