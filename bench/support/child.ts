import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

/** A message between the benchmark runner and one of its child processes. */
export interface IpcMessage {
  id?: number;
  type: 'ready' | 'fail' | 'request' | 'reply';
  cmd?: string;
  args?: unknown;
  ok?: boolean;
  result?: unknown;
  error?: string;
}

const START_TIMEOUT_MS = 180_000;

/**
 * A child process (a server or the embedded engine) started with ts-node, answering requests
 * over IPC. Servers run in children so that the load generator never shares their event loop,
 * and so that their memory is their own.
 */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    proc.on('message', (m: IpcMessage) => {
      if (m.type !== 'reply' || m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
    proc.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited`));
      this.pending.clear();
    });
  }

  /** The child's standard output when it was started with `stdout: 'pipe'`. */
  get stdout(): NodeJS.ReadableStream | null {
    return this.proc.stdout;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /**
   * Forks `entry` (a .ts file under bench/, or its compiled twin) and waits for its 'ready'
   * message. `opts.script` runs another script instead, with `entry` preloaded (`node -r`): the
   * production server `dist/src/main.js` with the bench's instrumentation, say. `opts.stdout`:
   * where the child's standard output (its log) goes: a file descriptor, 'pipe' (read through
   * `child.stdout`), else the runner's. `opts.nodeFlags`: node's own flags for the child
   * (`npm start`'s, see scripts/node-flags.js).
   */
  static async start<R>(
    name: string,
    entry: string,
    env: Record<string, string>,
    opts: { script?: string; stdout?: number | 'pipe'; nodeFlags?: string[] } = {},
  ): Promise<{ child: BenchChild; info: R }> {
    // Compiled JavaScript when the runner has transpiled the project (see compile.ts), else ts-node.
    const compiled = process.env.BENCH_BUILD_DIR;
    const tsNode = compiled ? [] : ['-r', require.resolve('ts-node/register/transpile-only')];
    const bench = compiled ? resolve(compiled, 'bench', entry.replace(/\.ts$/, '.js')) : resolve(__dirname, '..', entry);
    const script = opts.script ?? bench;
    const execArgv = [...(opts.nodeFlags ?? []), ...tsNode, ...(opts.script ? ['-r', bench] : [])];
    const proc = fork(script, [], {
      execArgv,
      env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit', 'ipc'],
    });
    const child = new BenchChild(name, proc);
    const info = await new Promise<R>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const onMessage = (m: IpcMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          proc.off('message', onMessage);
          resolveReady(m.result as R);
        } else if (m.type === 'fail') {
          clearTimeout(timer);
          proc.off('message', onMessage);
          reject(new Error(`${name}: ${m.error}`));
        }
      };
      proc.on('message', onMessage);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited during start-up (code ${code})`));
      });
    });
    return { child, info };
  }

  request<T>(cmd: string, args?: unknown): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolveReq, reject) => {
      this.pending.set(id, { resolve: resolveReq as (v: unknown) => void, reject });
      this.proc.send({ id, type: 'request', cmd, args } satisfies IpcMessage);
    });
  }

  /** Asks the child to shut down cleanly, then kills it if it does not. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.request('stop').catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Child side: exits as soon as the runner goes away (even while still starting). */
export function exitWithRunner(cleanUp?: () => Promise<void> | void): void {
  const exit = () => {
    setTimeout(() => process.exit(0), 5000).unref();
    void Promise.resolve()
      .then(cleanUp)
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
  // Ctrl-C reaches the whole process group: the runner stops its children in order.
  process.on('SIGINT', () => undefined);
}

/** Child side: answers the runner's requests with `handlers`. */
export function serveRequests(handlers: Record<string, (args: unknown) => unknown>): void {
  process.on('message', (m: IpcMessage) => {
    if (m.type !== 'request' || !m.cmd) return;
    const handler = handlers[m.cmd];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown command ${m.cmd}`);
        const result = await handler(m.args);
        process.send?.({ id: m.id, type: 'reply', ok: true, result } satisfies IpcMessage);
      } catch (e) {
        process.send?.({ id: m.id, type: 'reply', ok: false, error: e instanceof Error ? e.message : String(e) } satisfies IpcMessage);
      }
    })();
  });
}

export function announceReady(result: unknown): void {
  process.send?.({ type: 'ready', result } satisfies IpcMessage);
}

export function announceFailure(e: unknown): void {
  const error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  process.send?.({ type: 'fail', error } satisfies IpcMessage, () => process.exit(1));
}
