import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import type { TestApp } from './app';

/** The app listening on a free port (socket.io needs a real server); its base URL. */
export async function listening(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One received event: its name and its data parsed from the JSON string. */
export interface Received {
  name: string;
  data: Record<string, unknown>;
}

/** A /perspectives client that records every event it receives. */
export interface FeedClient {
  socket: Socket;
  events: Received[];
  /** Resolves when `n` events matching `pred` (all by default) have arrived. */
  wait(pred?: (e: Received) => boolean, n?: number, ms?: number): Promise<Received[]>;
  close(): void;
}

export interface ConnectOptions {
  query: Record<string, string>;
  token?: string;
  headers?: Record<string, string>;
  transports?: string[];
}

/** Connects to /perspectives; resolves once connected, rejects with the connect_error message. */
export function connectFeed(base: string, o: ConnectOptions): Promise<FeedClient> {
  const socket = io(`${base}/perspectives`, {
    path: '/socket.io',
    auth: o.token !== undefined ? { token: o.token } : {},
    extraHeaders: o.headers,
    query: o.query,
    transports: o.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const events: Received[] = [];
  socket.onAny((name: string, data: unknown) => {
    events.push({ name, data: typeof data === 'string' ? (JSON.parse(data) as Record<string, unknown>) : (data as Record<string, unknown>) });
  });
  const client: FeedClient = {
    socket,
    events,
    async wait(pred = () => true, n = 1, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const hits = events.filter(pred);
        if (hits.length >= n) return hits;
        if (Date.now() > end) throw new Error(`waited for ${n} event(s), got: ${JSON.stringify(events.map((e) => e.name))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (e: Error) => {
      socket.close();
      reject(e);
    });
  });
}

/** Short for an event name. */
export const RT = (short: string): string => `refocus.internal.realtime.${short}`;

/** Waits until `check` holds (polling). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
