import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * SECURITY 7: no log line holds a secret. The real server runs in a child process with request
 * logging at `debug`, is sent tokens and passwords in every place a client might put them, and
 * its whole output is searched for them afterwards.
 */
describe('logs never contain a secret', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rf-logs-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess;
  let output = '';

  beforeAll(async () => {
    server = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'debug', ADMIN_PASSWORD: 'admin-password-in-logs-test', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 240; i++) {
      const up = await fetch(`${base}/v1/health`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server did not start:\n${output.slice(-2000)}`);
  }, 90000);

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs requests but none of the tokens or passwords they carried', async () => {
    const json = { 'Content-Type': 'application/json' };
    const password = 'a-password-that-must-stay-secret';
    const reg = await fetch(`${base}/v1/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'logger', email: 'logger@example.com', password }),
    });
    expect(reg.status).toBe(201);
    const first = ((await reg.json()) as { token: string }).token;
    const made = await fetch(`${base}/v1/tokens`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${first}` },
      body: JSON.stringify({ name: 'second' }),
    });
    const second = ((await made.json()) as { token: string }).token;
    await fetch(`${base}/v1/subjects`, { headers: { Authorization: second } });
    await fetch(`${base}/v1/subjects?token=${second}&access_token=${first}`);
    await fetch(`${base}/v1/authenticate`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'logger', password }) });
    await fetch(`${base}/v1/authenticate`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'logger', password: password + 'x' }) });
    await fetch(`${base}/v1/subjects`, { headers: { Authorization: second.slice(0, -1) + 'A' } });
    await new Promise((r) => setTimeout(r, 500)); // let the last lines flush

    expect(output).toContain('/v1/subjects'); // requests are logged at all
    for (const secret of [first, second, password, 'admin-password-in-logs-test']) {
      for (let i = 0; i + 12 <= secret.length; i += 6) expect(output).not.toContain(secret.slice(i, i + 12));
    }
  });
});
