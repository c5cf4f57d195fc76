import http from 'node:http';
import { io, Socket } from 'socket.io-client';
import { apiUpsert, bodies } from './bulk.bench';
import { SkipBenchmark } from './support/api';
import type { BenchContext, Figures } from './support/context';
import type { ServerStats } from './support/server-process';
import { sampleNames } from './support/seed';
import { now, percentile, sleep } from './support/stats';

/** Clients (BENCH_RT_CLIENTS, default 200) spread over 10 subtrees, as 10 perspectives would be. */
const CLIENTS = Number(process.env.BENCH_RT_CLIENTS ?? 200);
const VIEWS = 10;
/** One event in LATENCY_EVERY is parsed for its latency (parsing all would measure the runner). */
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
    socket.once('connect_error', (e: Error) => reject(new SkipBenchmark(`socket.io /perspectives refused: ${e.message}`)));
  });
}

function sseClient(base: string, token: string, root: string): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/v1/subjects/${encodeURIComponent(root)}/events`, { headers: { Authorization: token } }, (res) => {
      if (res.statusCode !== 200) return reject(new SkipBenchmark(`SSE answered ${res.statusCode}`));
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

/** One round of bulk upserts; a refused round (503 under load) is retried, up to twice, and counted. */
async function upsertRound(ctx: BenchContext, batches: string[], retries: { n: number }): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await apiUpsert(ctx, batches)).seconds;
    } catch (e) {
      if (attempt >= 2) throw e;
      retries.n++;
      await sleep(2000);
    }
  }
}

/**
 * Measurement 7, "realtime" (issue 13): 200 socket.io clients over 10 subtrees and one SSE
 * client on the whole tree while bulk upserts run at full speed (20 × 1,000 samples, repeated),
 * alternating rounds with and without the subscribers: events delivered per second, latency to
 * receipt (p50, p99), bulk rate with ÷ without subscribers, the server's peak RSS meanwhile.
 */
export async function realtimeBench(ctx: BenchContext): Promise<Figures> {
  const token = ctx.data.token;
  if (!token) throw new SkipBenchmark('no bench token');
  const names = sampleNames(ctx.data, ctx.data.openAspects);
  const views = ctx.data.subjects.filter((p) => p.split('.').length === 2).slice(0, VIEWS);
  if (views.length < VIEWS) throw new SkipBenchmark('the seeded tree has fewer than 10 second-level subjects');
  const rounds = Math.max(2, ctx.rounds);
  let round = 10_000;
  const rates = { with: [] as number[], without: [] as number[] };
  let delivered = 0;
  let deliverySeconds = 0;
  const latencies: number[] = [];
  let sseEvents = 0;
  const retries = { n: 0 };
  const say = (m: string) => process.stderr.write(`[bench] realtime: ${m}\n`);
  await apiUpsert(ctx, bodies(names, round++)); // warm-up: every sample exists
  say('warm-up done');
  await ctx.app.request('reset-peak');
  // CPU per sample of the server and of this runner (the clients live here), with and without subscribers.
  const cpu = { with: { app: 0, runner: 0 }, without: { app: 0, runner: 0 } };
  for (let i = 0; i < rounds; i++) {
    for (const withSubscribers of i % 2 ? [false, true] : [true, false]) {
      let receivers: Receiver[] = [];
      if (withSubscribers) {
        receivers = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => socketClient(ctx.base, token, views[c % VIEWS])));
        receivers.push(await sseClient(ctx.base, token, ctx.data.rootPath));
      }
      say(`round ${i + 1} ${withSubscribers ? `with ${receivers.length} subscribers` : 'without subscribers'}`);
      if (withSubscribers) await ctx.app.request('profile-start');
      const appCpu0 = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
      const runnerCpu0 = process.cpuUsage();
      const t0 = now();
      const seconds = await upsertRound(ctx, bodies(names, round++), retries);
      (withSubscribers ? rates.with : rates.without).push(names.length / seconds);
      if (withSubscribers) {
        // Every client expects one event per sample of its subtree (values change every round).
        const expected = receivers.length;
        let last = -1;
        const total = () => receivers.reduce((n, r) => n + r.events, 0);
        const deadline = now() + 60_000;
        while (now() < deadline && total() !== last) {
          last = total();
          await sleep(500);
        }
        const elapsed = (now() - t0) / 1000 - 0.5;
        delivered += total();
        deliverySeconds += elapsed;
        for (const r of receivers) latencies.push(...r.latencies);
        sseEvents += receivers[receivers.length - 1].events;
        for (const r of receivers) r.close();
        if (expected && !total()) throw new Error('no event arrived');
      }
      const side = withSubscribers ? cpu.with : cpu.without;
      side.app += (await ctx.app.request<ServerStats>('stats')).cpuMicros - appCpu0;
      const runnerCpu = process.cpuUsage(runnerCpu0);
      side.runner += runnerCpu.user + runnerCpu.system;
    }
  }
  await ctx.app.request('profile-stop', { name: `${ctx.engine}-realtime-app` });
  const stats = await ctx.app.request<ServerStats>('stats');
  const perSample = (micros: number) => (micros / (rounds * names.length)).toFixed(1);
  const withRate = rates.with.reduce((a, b) => a + b, 0) / rates.with.length;
  const withoutRate = rates.without.reduce((a, b) => a + b, 0) / rates.without.length;
  return {
    eventsPerSecond: delivered / deliverySeconds,
    latencyP50: percentile(latencies, 50),
    latencyP99: percentile(latencies, 99),
    rateWith: withRate,
    rateWithout: withoutRate,
    rateRatio: withRate / withoutRate,
    peakRss: stats.peakRss,
    details:
      `${CLIENTS} socket.io clients (root = one of ${VIEWS} second-level subtrees each) and 1 SSE client (the whole tree); ${rounds} rounds of ${names.length} samples ` +
      `with and ${rounds} without them, alternating; ${delivered} events delivered (SSE ${sseEvents}); latency from the upsert statement's now() to receipt, ` +
      `1 event in ${LATENCY_EVERY} sampled (${latencies.length}); bulk rate per round with: ${rates.with.map((r) => Math.round(r)).join(', ')}, without: ${rates.without.map((r) => Math.round(r)).join(', ')}; rounds retried after a refusal: ${retries.n}; ` +
      `CPU per sample (µs), round with subscribers until the last event / without: server ${perSample(cpu.with.app)} / ${perSample(cpu.without.app)}, ` +
      `runner with its clients ${perSample(cpu.with.runner)} / ${perSample(cpu.without.runner)}`,
  };
}
