/**
 * The realtime benchmark's subscribers (bench/realtime.bench.ts), in a process of their own:
 * socket.io clients and one SSE client. In the runner they shared its event loop with the
 * upserting load generator, whose requests then waited behind the clients' decoding; viewers
 * are not inside the load generator in real life either. They still share the machine's CPUs.
 */
import http from 'node:http';
import { io, Socket } from 'socket.io-client';
import { announceReady, exitWithRunner, serveRequests } from './child';

/**
 * What each subscriber does per event, and nothing more: socket.io-client decodes the packet
 * (one JSON.parse of the packet, which yields the original's JSON string), then our listener
 * counts the event, adds its length, and reads the sample's `updatedAt` out of the string
 * (indexOf and Date.parse, no second JSON.parse) for its latency, on every event. A page would
 * also JSON.parse the string (the lens frame does): that cost is the viewer's and is not here.
 * The SSE client splits its stream into lines as an EventSource does.
 */
interface Receiver {
  events: number;
  /** Characters of event data received (the JSON strings; ASCII, so bytes). */
  chars: number;
  close(): void;
}

/** Latencies of every event of every receiver, by whole millisecond (the last bucket: that or more). */
const LATENCY_BUCKETS = 120_001;
let latencyCounts = new Uint32Array(LATENCY_BUCKETS);

const UPDATED_AT = '"updatedAt":"';
/** An ISO date as JSON carries it: 2026-11-30T12:00:00.000Z. */
const ISO_LENGTH = 24;

/**
 * Latency of one event: receipt minus the sample's updatedAt (the upsert statement's now(): an
 * upper bound of commit → receipt). The sample's own updatedAt is the first in its payload.
 */
function latencyOf(data: string, at: number): number | undefined {
  const i = data.indexOf(UPDATED_AT);
  if (i < 0) return undefined;
  const t = Date.parse(data.substr(i + UPDATED_AT.length, ISO_LENGTH));
  return Number.isNaN(t) ? undefined : at - t;
}

function record(r: Receiver, data: string, at: number): void {
  r.events++;
  r.chars += data.length;
  const l = latencyOf(data, at);
  if (l !== undefined) latencyCounts[Math.min(LATENCY_BUCKETS - 1, Math.max(0, Math.round(l)))]++;
}

function socketClient(base: string, token: string, root: string): Promise<Receiver> {
  const socket: Socket = io(`${base}/perspectives`, { path: '/socket.io', auth: { token }, query: { root }, transports: ['websocket'], forceNew: true, reconnection: false });
  const r: Receiver = { events: 0, chars: 0, close: () => socket.close() };
  socket.onAny((_name: string, data: unknown) => {
    if (typeof data === 'string') record(r, data, Date.now());
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
      const r: Receiver = { events: 0, chars: 0, close: () => req.destroy() };
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? ''; // a line the next chunk completes
        for (const line of lines) if (line.startsWith('data: ')) record(r, line.slice(6), at);
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
  /** Characters of event data received by the socket.io clients, and by the SSE client. */
  chars: number;
  sseChars: number;
  /** [milliseconds, events] for every millisecond at which events arrived (latency of every event that carries an updatedAt). */
  latencies: [number, number][];
  cpuMicros: number;
}

let receivers: Receiver[] = [];
let cpuStart = process.cpuUsage();

exitWithRunner(() => receivers.forEach((r) => r.close()));

serveRequests({
  open: async (args) => {
    const { base, token, roots, sseRoot } = args as FeedClientsOpen;
    receivers = await Promise.all(roots.map((root) => socketClient(base, token, root)));
    latencyCounts = new Uint32Array(LATENCY_BUCKETS);
    receivers.push(await sseClient(base, token, sseRoot));
    cpuStart = process.cpuUsage();
    return receivers.length;
  },
  count: () => receivers.reduce((n, r) => n + r.events, 0),
  close: (): FeedClientsResult => {
    const cpu = process.cpuUsage(cpuStart);
    const sse = receivers[receivers.length - 1];
    const result: FeedClientsResult = {
      events: receivers.reduce((n, r) => n + r.events, 0),
      sseEvents: sse?.events ?? 0,
      chars: receivers.reduce((n, r) => n + r.chars, 0) - (sse?.chars ?? 0),
      sseChars: sse?.chars ?? 0,
      latencies: [...latencyCounts].flatMap((n, ms) => (n ? [[ms, n] as [number, number]] : [])),
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
