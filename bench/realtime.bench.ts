import { apiUpsert, bodies, valueOf } from './bulk.bench';
import { SkipBenchmark } from './support/api';
import { BenchChild } from './support/child';
import type { FeedClientsOpen, FeedClientsResult } from './support/feed-clients';
import type { BenchContext, Figures } from './support/context';
import type { ServerStats } from './support/server-process';
import type { StartedServer } from './support/context';
import { sampleNames } from './support/seed';
import { now, sleep } from './support/stats';

/** Clients (BENCH_RT_CLIENTS, default 200) spread over 10 subtrees, as 10 perspectives would be. */
const CLIENTS = Number(process.env.BENCH_RT_CLIENTS ?? 200);
const VIEWS = 10;
/**
 * The paced phase: bulk upserts at BENCH_RT_RATE samples/s (default 2,000, which the
 * subscribers' process keeps up with on the 2-core bench machine), in requests of
 * BENCH_RT_PACED_BATCH samples (default 100) sent on a schedule, BENCH_RT_PACED_ROUNDS rounds
 * (default 1) of every sample: latency when the clients are not the bottleneck.
 */
const PACED_RATE = Number(process.env.BENCH_RT_RATE ?? 2000);
const PACED_BATCH = Number(process.env.BENCH_RT_PACED_BATCH ?? 100);
const PACED_ROUNDS = Number(process.env.BENCH_RT_PACED_ROUNDS ?? 1);
/**
 * The two-process round's Redis (BENCH_RT_REDIS_URL, default redis://127.0.0.1:6379; empty:
 * no such round): two more servers on the same database with REDIS_URL, one taking the paced
 * upserts, the other serving the subscribers.
 */
const TWO_PROCESSES = process.env.BENCH_RT_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Request bodies of `size` samples each for one round (values change every round, as bodies() does). */
function pacedBodies(names: string[], round: number, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += size) {
    out.push(JSON.stringify(names.slice(i, i + size).map((name, j) => ({ name, value: valueOf(i + j, round) }))));
  }
  return out;
}

/** POSTs the bodies on a schedule: body i at start + i × size ÷ rate (later when a request took longer); returns the seconds taken. */
async function pacedUpsert(base: string, token: string, batches: string[], size: number, rate: number): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: token };
  const t0 = now();
  for (let i = 0; i < batches.length; i++) {
    const wait = t0 + (i * size * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    const res = await fetch(`${base}/v1/samples/upsert/bulk`, { method: 'POST', headers, body: batches[i] });
    await res.arrayBuffer();
    if (res.status !== 200) throw new SkipBenchmark(`POST /v1/samples/upsert/bulk answered ${res.status} in the paced phase`);
  }
  return (now() - t0) / 1000;
}

/** What one paced round measured. */
interface PacedRound {
  rate: number;
  /** CPU of the server that took the upserts, and of the one that served the subscribers (the same one, or another). */
  writerCpu: number;
  readerCpu: number;
  clientsCpu: number;
  events: number;
  latencies: [number, number][];
}

/**
 * One paced round: the subscribers open on `reader`, the samples are upserted through `writer`
 * at `rate`, then the round waits for the last event. With two servers the events reach the
 * subscribers through the bus (Redis or NOTIFY).
 */
async function pacedRound(
  clients: BenchChild,
  writer: { base: string; child: BenchChild },
  reader: { base: string; child: BenchChild },
  open: Omit<FeedClientsOpen, 'base'>,
  batches: string[],
): Promise<PacedRound> {
  await clients.request<number>('open', { ...open, base: reader.base });
  const cpu = async () => ({ w: (await writer.child.request<ServerStats>('stats')).cpuMicros, r: (await reader.child.request<ServerStats>('stats')).cpuMicros });
  const two = writer !== reader;
  // With BENCH_CPU_PROF, both servers of the two-process round are profiled.
  if (two) await Promise.all([writer.child.request('profile-start'), reader.child.request('profile-start')]);
  const cpu0 = await cpu();
  const seconds = await pacedUpsert(writer.base, open.token, batches, PACED_BATCH, PACED_RATE);
  await settle(clients);
  const got = await clients.request<FeedClientsResult>('close');
  const cpu1 = await cpu();
  if (two) {
    await writer.child.request('profile-stop', { name: 'realtime-two-writer' });
    await reader.child.request('profile-stop', { name: 'realtime-two-reader' });
  }
  if (!got.events) throw new Error(`no event arrived in a paced round (${two ? 'two servers' : 'one server'})`);
  return {
    rate: (batches.length * PACED_BATCH) / seconds,
    writerCpu: cpu1.w - cpu0.w,
    readerCpu: two ? cpu1.r - cpu0.r : 0,
    clientsCpu: got.cpuMicros,
    events: got.events,
    latencies: got.latencies,
  };
}

/** Polls the subscribers until their count stops growing (every 500 ms, at most 60 s). */
async function settle(clients: BenchChild): Promise<void> {
  let last = -1;
  let total = 0;
  const deadline = now() + 60_000;
  while (now() < deadline && total !== last) {
    last = total;
    await sleep(500);
    total = await clients.request<number>('count');
  }
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
 * At full speed on a 2-core machine the subscribers' process cannot keep up (its CPU per
 * sample exceeds the server's), so latency there measures its backlog: a paced phase follows
 * (PACED_RATE) with latency and CPU per sample and per delivered event when it can keep up.
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
  const latencies = new Map<number, number>();
  let sseEvents = 0;
  const chars = { socket: 0, sse: 0 };
  const retries = { n: 0 };
  const say = (m: string) => process.stderr.write(`[bench] realtime: ${m}\n`);
  await apiUpsert(ctx, bodies(names, round++)); // warm-up: every sample exists
  say('warm-up done');
  await ctx.app.request('reset-peak');
  // The subscribers run in a process of their own (support/feed-clients.ts), beside the runner.
  const { child: clients } = await BenchChild.start('feed-clients', 'support/feed-clients.ts', {});
  // CPU per sample of the server and of the subscribers' process, with and without subscribers.
  const cpu = { with: { app: 0, clients: 0 }, without: { app: 0 } };
  const paced = { rates: [] as number[], app: 0, appAlone: 0, clients: 0, events: 0, latencies: new Map<number, number>() };
  let two: PacedRound | undefined;
  let twoFailed = '';
  try {
    for (let i = 0; i < rounds; i++) {
      for (const withSubscribers of i % 2 ? [false, true] : [true, false]) {
        let connected = 0;
        if (withSubscribers) {
          const open: FeedClientsOpen = { base: ctx.base, token, roots: Array.from({ length: CLIENTS }, (_, c) => views[c % VIEWS]), sseRoot: ctx.data.rootPath };
          connected = await clients.request<number>('open', open);
          await ctx.app.request('profile-start');
        }
        say(`round ${i + 1} ${withSubscribers ? `with ${connected} subscribers` : 'without subscribers'}`);
        const appCpu0 = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
        const t0 = now();
        const seconds = await upsertRound(ctx, bodies(names, round++), retries);
        (withSubscribers ? rates.with : rates.without).push(names.length / seconds);
        if (withSubscribers) {
          // Every client expects one event per sample of its subtree (values change every round).
          await settle(clients);
          const elapsed = (now() - t0) / 1000 - 0.5;
          const got = await clients.request<FeedClientsResult>('close');
          delivered += got.events;
          deliverySeconds += elapsed;
          for (const [ms, n] of got.latencies) latencies.set(ms, (latencies.get(ms) ?? 0) + n);
          sseEvents += got.sseEvents;
          chars.socket += got.chars;
          chars.sse += got.sseChars;
          cpu.with.clients += got.cpuMicros;
          if (!got.events) throw new Error('no event arrived');
        }
        (withSubscribers ? cpu.with : cpu.without).app += (await ctx.app.request<ServerStats>('stats')).cpuMicros - appCpu0;
      }
    }
    await ctx.app.request('profile-stop', { name: `${ctx.engine}-realtime-app` });
    // The paced phase: the same subscribers, upserts at a rate they keep up with.
    const open = { token, roots: Array.from({ length: CLIENTS }, (_, c) => views[c % VIEWS]), sseRoot: ctx.data.rootPath };
    const app = { base: ctx.base, child: ctx.app };
    for (let i = 0; i < PACED_ROUNDS; i++) {
      say(`paced round ${i + 1} at ${PACED_RATE} samples/s`);
      const r = await pacedRound(clients, app, app, open, pacedBodies(names, round++, PACED_BATCH));
      paced.rates.push(r.rate);
      paced.app += r.writerCpu;
      paced.clients += r.clientsCpu;
      paced.events += r.events;
      for (const [ms, n] of r.latencies) paced.latencies.set(ms, (paced.latencies.get(ms) ?? 0) + n);
    }
    // The same paced round without subscribers: what the upserts in requests of PACED_BATCH cost the server alone.
    for (let i = 0; i < PACED_ROUNDS; i++) {
      say(`paced round ${i + 1} without subscribers`);
      const cpu0 = (await ctx.app.request<ServerStats>('stats')).cpuMicros;
      await pacedUpsert(ctx.base, token, pacedBodies(names, round++, PACED_BATCH), PACED_BATCH, PACED_RATE);
      await sleep(500);
      paced.appAlone += (await ctx.app.request<ServerStats>('stats')).cpuMicros - cpu0;
    }
    // Two processes on one database and Redis: upserts through one, subscribers on the other.
    if (TWO_PROCESSES && ctx.engine !== 'embedded') {
      const env = { REDIS_URL: TWO_PROCESSES };
      const started: StartedServer[] = [];
      try {
        const writer = await ctx.startApp('realtime-writer', env);
        started.push(writer);
        const reader = await ctx.startApp('realtime-reader', env);
        started.push(reader);
        say(`two processes (${TWO_PROCESSES.replace(/\/\/[^@]*@/, '//')}) at ${PACED_RATE} samples/s`);
        two = await pacedRound(clients, writer, reader, open, pacedBodies(names, round++, PACED_BATCH));
      } catch (e) {
        // Redis down, say: the other figures stand; the details say why this one is missing.
        twoFailed = e instanceof Error ? e.message : String(e);
        await clients.request('close').catch(() => undefined);
      } finally {
        for (const s of started) await s.child.stop();
      }
    }
  } finally {
    await clients.stop();
  }
  const stats = await ctx.app.request<ServerStats>('stats');
  const perSample = (micros: number) => micros / (rounds * names.length);
  const withRate = rates.with.reduce((a, b) => a + b, 0) / rates.with.length;
  const withoutRate = rates.without.reduce((a, b) => a + b, 0) / rates.without.length;
  const timed = [...latencies.values()].reduce((a, b) => a + b, 0);
  const socketEvents = delivered - sseEvents;
  const pacedSamples = PACED_ROUNDS * names.length;
  const pacedRate = paced.rates.reduce((a, b) => a + b, 0) / (paced.rates.length || 1);
  return {
    eventsPerSecond: delivered / deliverySeconds,
    latencyP50: histogramPercentile(latencies, 50),
    latencyP99: histogramPercentile(latencies, 99),
    rateWith: withRate,
    rateWithout: withoutRate,
    rateRatio: withRate / withoutRate,
    serverCpuWith: perSample(cpu.with.app),
    serverCpuWithout: perSample(cpu.without.app),
    // What the feed adds per event it delivers at full speed: the server's CPU with subscribers minus without, over the events.
    feedCpuPerEvent: delivered ? (cpu.with.app - cpu.without.app) / delivered : NaN,
    clientsCpu: perSample(cpu.with.clients),
    bytesPerEvent: socketEvents ? chars.socket / socketEvents : 0,
    peakRss: stats.peakRss,
    pacedRate,
    pacedP50: histogramPercentile(paced.latencies, 50),
    pacedP99: histogramPercentile(paced.latencies, 99),
    pacedServerCpu: paced.app / pacedSamples,
    pacedServerCpuAlone: paced.appAlone / pacedSamples,
    pacedServerCpuPerEvent: paced.events ? (paced.app - paced.appAlone) / paced.events : NaN,
    pacedClientsCpu: paced.clients / pacedSamples,
    twoP50: two ? histogramPercentile(new Map(two.latencies), 50) : NaN,
    twoP99: two ? histogramPercentile(new Map(two.latencies), 99) : NaN,
    twoWriterCpu: two ? two.writerCpu / names.length : NaN,
    twoReaderCpu: two ? two.readerCpu / names.length : NaN,
    details:
      `${CLIENTS} socket.io clients in a process of their own (root = one of ${VIEWS} second-level subtrees each) and 1 SSE client (the whole tree); ${rounds} rounds of ${names.length} samples ` +
      `with and ${rounds} without them, alternating; ${delivered} events delivered (SSE ${sseEvents}); each client counts every event and reads its latency out of the JSON string ` +
      `(indexOf + Date.parse, no second JSON.parse: support/feed-clients.ts), latency from the upsert statement's now() to receipt, ${timed} events timed; ` +
      `event data per event: socket.io ${socketEvents ? (chars.socket / socketEvents).toFixed(0) : '-'} B (the JSON string), SSE ${sseEvents ? (chars.sse / sseEvents).toFixed(0) : '-'} B (the data line); ` +
      `bulk rate per round with: ${rates.with.map((r) => Math.round(r)).join(', ')}, without: ${rates.without.map((r) => Math.round(r)).join(', ')}; rounds retried after a refusal: ${retries.n}; ` +
      `CPU per sample (µs), rounds with subscribers until their last event / without: server ${perSample(cpu.with.app).toFixed(1)} / ${perSample(cpu.without.app).toFixed(1)}; ` +
      `the subscribers' own process (decoding the events) ${perSample(cpu.with.clients).toFixed(1)}; ` +
      `paced phase: ${PACED_ROUNDS} round(s) of ${names.length} samples asked at ${PACED_RATE} samples/s in requests of ${PACED_BATCH} (achieved ${paced.rates.map((r) => Math.round(r)).join(', ')}), ` +
      `${paced.events} events delivered, latency p50 ${histogramPercentile(paced.latencies, 50)} ms, p99 ${histogramPercentile(paced.latencies, 99)} ms, ` +
      `CPU per sample (µs): server ${(paced.app / pacedSamples).toFixed(1)} (${(paced.appAlone / pacedSamples).toFixed(1)} in the same paced round without subscribers), subscribers ${(paced.clients / pacedSamples).toFixed(1)}; ` +
      `server CPU per delivered event (with − without, ÷ events) ${paced.events ? ((paced.app - paced.appAlone) / paced.events).toFixed(2) : '-'} µs; ` +
      (two
        ? `two processes with REDIS_URL (upserts through one, subscribers on the other, ${names.length} samples paced alike, achieved ${Math.round(two.rate)}/s): ${two.events} events, ` +
          `latency p50 ${histogramPercentile(new Map(two.latencies), 50)} ms, p99 ${histogramPercentile(new Map(two.latencies), 99)} ms, CPU per sample (µs): writer ${(two.writerCpu / names.length).toFixed(1)}, ` +
          `reader ${(two.readerCpu / names.length).toFixed(1)}, subscribers ${(two.clientsCpu / names.length).toFixed(1)}`
        : `two processes: not run (${twoFailed || 'embedded, or BENCH_RT_REDIS_URL empty'})`),
  };
}

/** The p-th percentile of a histogram (value → count). */
function histogramPercentile(counts: Map<number, number>, p: number): number {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (!total) return NaN;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const [value, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return value;
  }
  return NaN;
}
