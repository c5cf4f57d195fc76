import { load, Load } from './aspects-read.bench';
import { apiUpsert, bodies } from './bulk.bench';
import { hierarchyLatencies } from './hierarchy.bench';
import type { BenchContext, Figures } from './support/context';
import { sampleNames } from './support/seed';
import { median, now, sleep } from './support/stats';

/** Samples per second the background stream aims at (BENCH_LIVE_RATE): a collector cycle of all 20,000 every 2 s. */
const DEFAULT_RATE = 10_000;
const PHASES = 3;

/**
 * A background stream of bulk upserts through the API, as collectors send them: requests of
 * 1,000 samples, one after another, paced to `rate` samples/s (never faster; slower when the
 * server cannot keep up), new values every cycle, never a VACUUM.
 */
class UpdateStream {
  private running?: Promise<void>;
  private stopping = false;
  samples = 0;
  seconds = 0;
  private cycle = 1000;

  constructor(
    private readonly ctx: BenchContext,
    private readonly rate: number,
  ) {}

  start(): void {
    this.stopping = false;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async run(): Promise<void> {
    const names = sampleNames(this.ctx.data, this.ctx.data.openAspects);
    const t0 = now();
    let sent = 0;
    while (!this.stopping) {
      for (const body of bodies(names, this.cycle++)) {
        if (this.stopping) break;
        await apiUpsert(this.ctx, [body]);
        sent += 1000;
        const due = t0 + (sent / this.rate) * 1000;
        if (due > now()) await sleep(due - now());
      }
    }
    this.samples += sent;
    this.seconds += (now() - t0) / 1000;
  }
}

/**
 * Measurement 6, "live": the hierarchy (as a browser asks for it) and GET /v1/aspects/{name}
 * (64 connections) while bulk updates keep arriving, alternating with the same requests while
 * the stream pauses, and no VACUUM in between. The hierarchy's live median is compared with
 * its quiet, vacuumed figure of measurement 3 and with the paused phases of this run.
 */
export async function liveBench(ctx: BenchContext, quietMs?: number): Promise<Figures> {
  const rate = Number(process.env.BENCH_LIVE_RATE ?? DEFAULT_RATE);
  const stream = new UpdateStream(ctx, rate);
  const aspectUrl = `${ctx.base}/v1/aspects/${ctx.data.openAspects[0]}`;
  const paused: number[] = [];
  const live: number[] = [];
  const gets: Load[] = [];
  for (let phase = 0; phase < PHASES; phase++) {
    paused.push(...(await hierarchyLatencies(ctx, 3, 6, 3000)).latencies);
    stream.start();
    try {
      await sleep(300);
      live.push(...(await hierarchyLatencies(ctx, 3, 6, 3000)).latencies);
      gets.push(await load(aspectUrl, ctx.loadSeconds, ctx.data.token));
    } finally {
      await stream.stop();
    }
  }
  const hierarchyMs = median(live);
  // Failures are reported, not fatal: a server that cannot keep up under the stream is a result.
  const bad = gets.reduce((a, l) => a + l.non2xx + l.errors, 0);
  return {
    hierarchyMs,
    liveVsQuiet: quietMs ? hierarchyMs / quietMs : undefined,
    liveVsPaused: hierarchyMs / median(paused),
    getRps: median(gets.map((l) => l.rps)),
    getP99: median(gets.map((l) => l.p99)),
    streamRate: stream.samples / stream.seconds,
    details:
      `${PHASES} phases of the stream paused, then running (aimed at ${rate.toLocaleString('en-US')} samples/s, requests of 1,000); ` +
      `hierarchy live ${live.map((x) => Math.round(x)).join(', ')} ms, paused ${paused.map((x) => Math.round(x)).join(', ')} ms; ` +
      `GET req/s live ${gets.map((l) => Math.round(l.rps)).join(', ')}, non-2xx or errors ${bad}`,
  };
}
