import autocannon from 'autocannon';
import { Api, expectOk, SkipBenchmark } from './support/api';
import { BenchContext, Figures, startServer, StartedServer } from './support/context';

const CONNECTIONS = 64;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, seconds: number, token?: string): Promise<Load> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: token } : {},
    timeout: 10,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

function mean(loads: Load[]): Load {
  const avg = (k: keyof Load) => loads.reduce((a, l) => a + l[k], 0) / loads.length;
  const sum = (k: keyof Load) => loads.reduce((a, l) => a + l[k], 0);
  return { rps: avg('rps'), p50: avg('p50'), p99: avg('p99'), non2xx: sum('non2xx'), errors: sum('errors') };
}

/**
 * Measurement 4: authenticated GET /v1/aspects/{name} at 64 connections (autocannon) against the
 * app, the same app with its token guard overridden, and a minimal node:http + pg server.
 * Each server is its own process; the rounds alternate between them so that noise hits all three.
 */
export async function aspectsReadBench(ctx: BenchContext): Promise<Figures> {
  const aspect = ctx.data.openAspects[0];
  const path = `/v1/aspects/${aspect}`;
  expectOk(await ctx.api.get(path), `GET ${path}`);
  const anonymous = await new Api(ctx.base).get(path);
  const guarded = anonymous.status === 401;

  const caller = ctx.data.user
    ? { ...ctx.data.user, profileName: 'RefocusUser', isAdmin: false, tokenId: '00000000-0000-0000-0000-000000000000' }
    : {};
  let noguard: StartedServer | undefined;
  let raw: StartedServer | undefined;
  try {
    [noguard, raw] = await Promise.all([
      startServer(`noguard-${ctx.engine}`, 'noguard', ctx.db, { BENCH_CALLER: JSON.stringify(caller) }),
      startServer(`raw-${ctx.engine}`, 'raw', ctx.db),
    ]);
    if (guarded && !noguard.overridden?.length) throw new SkipBenchmark('no global token guard found to override');
    expectOk(await new Api(noguard.base).get(path), `GET ${path} (guard overridden)`);
    expectOk(await new Api(raw.base).get(path), `GET ${path} (node:http + pg)`);

    const targets = [
      { key: 'app', url: `${ctx.base}${path}`, token: ctx.data.token },
      { key: 'noguard', url: `${noguard.base}${path}` },
      { key: 'raw', url: `${raw.base}${path}` },
    ];
    for (const t of targets) await load(t.url, 1, t.token);
    const results: Record<string, Load[]> = { app: [], noguard: [], raw: [] };
    for (let round = 0; round < ctx.rounds; round++) {
      for (const t of targets) results[t.key].push(await load(t.url, ctx.loadSeconds, t.token));
    }
    const [app, ng, rw] = [mean(results.app), mean(results.noguard), mean(results.raw)];
    return {
      guard: guarded ? (noguard.overridden ?? []).join(', ') : 'none (GET answered without a token)',
      appRps: app.rps,
      appP50: app.p50,
      appP99: app.p99,
      appBad: app.non2xx + app.errors,
      noguardRps: ng.rps,
      noguardP50: ng.p50,
      noguardP99: ng.p99,
      noguardBad: ng.non2xx + ng.errors,
      rawRps: rw.rps,
      rawP50: rw.p50,
      rawP99: rw.p99,
      rawBad: rw.non2xx + rw.errors,
      guardRatio: app.rps / ng.rps,
      rawRatio: app.rps / rw.rps,
    };
  } finally {
    await Promise.all([noguard?.child.stop(), raw?.child.stop()]);
  }
}
