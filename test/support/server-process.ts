import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** A free loopback port (there is a small race until the server takes it; fine for tests). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** The real server (src/main.ts) in a child process. */
export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/** Runs a TypeScript entry point of the project (main.ts, cli.ts) in a child process. */
export function runTs(entry: string, args: string[], env: Record<string, string>): { child: ChildProcess; output(): string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => out, exited };
}

/** Starts src/main.ts with `env` on a free port and waits until its health check answers 200. */
export async function startServer(env: Record<string, string>, waitMs = 150_000): Promise<ServerProcess> {
  const port = await freePort();
  const run = runTs('src/main.ts', [], { PORT: String(port), ...env });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + waitMs;
  let ended = false;
  void run.exited.then(() => (ended = true));
  while (Date.now() < end && !ended) {
    if (await fetch(`${base}/v1/health`).then((r) => r.ok, () => false)) return { ...run, base };
    await new Promise((r) => setTimeout(r, 200));
  }
  run.child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${run.output().slice(-3000)}`);
}

/** Stops a server if it is still running. */
export async function stopServer(s: ServerProcess | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGKILL');
  await s.exited;
}
