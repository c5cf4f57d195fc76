import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Where socket.io serves its long-polling requests (RealtimeIoAdapter). */
const SOCKET_IO_PATH = '/socket.io/';

/** What a drain did: how many requests were still running at the start, and whether the deadline cut any off. */
export interface DrainResult {
  inFlight: number;
  forced: boolean;
}

/**
 * Drains an HTTP server for a graceful shutdown: stops accepting connections, closes idle
 * keep-alive connections at once, lets the requests in flight finish and answers each with
 * `Connection: close` (so a busy keep-alive client is not served one more request), and after
 * the deadline closes whatever is left. Streams that never end by themselves are not waited
 * for: event streams (SSE) are ended at once (their clients reconnect elsewhere), and
 * socket.io's own requests (long polling) and upgraded connections (websockets) are left to
 * the realtime gateway, which closes them in its shutdown hook.
 */
export class HttpDrainer {
  private readonly busy = new Map<Socket, ServerResponse>();
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly server: Server) {
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith(SOCKET_IO_PATH)) this.track(req.socket, res);
    });
  }

  private track(socket: Socket, res: ServerResponse): void {
    this.busy.set(socket, res);
    if (this.draining) this.closeAfter(res);
    const done = () => {
      if (this.busy.get(socket) === res) this.busy.delete(socket);
      if (this.draining) {
        // the answer went out with Connection: close; make sure the socket does not linger
        if (!socket.destroyed) socket.end();
        if (this.busy.size === 0) this.wake();
      }
    };
    // 'close' comes once per response, after 'finish' (the next tick) or alone when the
    // connection went first: one plain listener (two `once` wrappers cost every request their
    // closures and removals, docs/PERFORMANCE.md, issue 19)
    res.on('close', done);
  }

  private closeAfter(res: ServerResponse): void {
    res.shouldKeepAlive = false;
    if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  private wake(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.busy.size;
  }

  /** Stops accepting, waits for the requests in flight (at most `deadlineMs`), then closes every HTTP connection. */
  async drain(deadlineMs: number): Promise<DrainResult> {
    this.draining = true;
    const inFlight = this.busy.size;
    for (const res of this.busy.values()) {
      this.closeAfter(res);
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) res.end();
    }
    this.server.close(() => undefined); // stops accepting; since Node 19 also closes idle keep-alive connections
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const finished = this.busy.size === 0 ? Promise.resolve(true) : new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const deadline = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
    });
    const inTime = await Promise.race([finished, deadline]);
    clearTimeout(timer);
    if (!inTime) for (const socket of this.busy.keys()) socket.destroy();
    this.server.closeIdleConnections();
    return { inFlight, forced: !inTime };
  }
}
