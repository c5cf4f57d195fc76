/**
 * The realtime benchmark's subscribers (bench/realtime.bench.ts), in a process of their own:
 * socket.io clients and one SSE client. In the runner they shared its event loop with the
 * upserting load generator, whose requests then waited behind the clients' decoding; viewers
 * are not inside the load generator in real life either. They still share the machine's CPUs.
 */
import http from 'node:http';
import { io, Socket } from 'socket.io-client';
import { announceReady, exitWithRunner, serveRequests } from './child';

/** One event in LATENCY_EVERY is parsed for its latency (parsing all would measure the clients). */
const LATENCY_EVERY = 25;

interface Receiver {
  events: number;
  latencies: number[];
  close(): void;
}

/** Latency of one event: receipt minus the sample's updatedAt (the upsert statement's now(): an upper bound of commit → receipt). */
function latencyOf(data: string): number | undefined {
  const m = /"updatedAt":"([^"]+)"/.exec(data);
  return m ? Date.now() - Date.parse(m[1]) : undefined;
}

function socketClient(base: string, token: string, root: string): Promise<Receiver> {
  const socket: Socket = io(`${base}/perspectives`, { path: '/socket.io', auth: { token }, query: { root }, transports: ['websocket'], forceNew: true, reconnection: false });
  const r: Receiver = { events: 0, latencies: [], close: () => socket.close() };
  socket.onAny((_name: string, data: unknown) => {
    if (r.events++ % LATENCY_EVERY === 0 && typeof data === 'string') {
      const l = latencyOf(data);
      if (l !== undefined) r.latencies.push(l);
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(r));
    socket.once('connect_error', (e: Error) => reject(new Error(`socket.io /perspectives refused: ${e.message}`)));
  });
}

function sseClient(base: string, token: string, root: string): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/v1/subjects/${encodeURIComponent(root)}/events`, { headers: { Authorization: token } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
      const r: Receiver = { events: 0, latencies: [], close: () => req.destroy() };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (!line.startsWith('data: ')) continue;
          if (r.events++ % LATENCY_EVERY === 0) {
            const l = latencyOf(line);
            if (l !== undefined) r.latencies.push(l);
          }
        }
      });
      resolve(r);
    });
    req.on('error', reject);
  });
}

/** What the runner asks for: open the subscribers, count their events, then collect and close them. */
export interface FeedClientsOpen {
  base: string;
  token: string;
  /** One socket.io client per entry (its root). */
  roots: string[];
  /** The SSE client's root. */
  sseRoot: string;
}

export interface FeedClientsResult {
  events: number;
  sseEvents: number;
  latencies: number[];
  /** One event in latencyEvery was timed. */
  latencyEvery: number;
  cpuMicros: number;
}

let receivers: Receiver[] = [];
let cpuStart = process.cpuUsage();

exitWithRunner(() => receivers.forEach((r) => r.close()));

serveRequests({
  open: async (args) => {
    const { base, token, roots, sseRoot } = args as FeedClientsOpen;
    receivers = await Promise.all(roots.map((root) => socketClient(base, token, root)));
    receivers.push(await sseClient(base, token, sseRoot));
    cpuStart = process.cpuUsage();
    return receivers.length;
  },
  count: () => receivers.reduce((n, r) => n + r.events, 0),
  close: (): FeedClientsResult => {
    const cpu = process.cpuUsage(cpuStart);
    const result = {
      events: receivers.reduce((n, r) => n + r.events, 0),
      sseEvents: receivers.length ? receivers[receivers.length - 1].events : 0,
      latencies: receivers.flatMap((r) => r.latencies),
      latencyEvery: LATENCY_EVERY,
      cpuMicros: cpu.user + cpu.system,
    };
    receivers.forEach((r) => r.close());
    receivers = [];
    return result;
  },
  stop: () => {
    receivers.forEach((r) => r.close());
    process.exit(0);
  },
});
announceReady({});
