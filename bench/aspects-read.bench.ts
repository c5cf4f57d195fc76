import autocannon from 'autocannon';
import { Api, expectOk, SkipBenchmark } from './support/api';
import { BenchContext, Figures, logBytes, startProductionServer, startServer, StartedServer } from './support/context';
import type { BenchChild } from './support/child';
import type { ServerStats } from './support/server-process';
import type { SqlTimes } from './support/sql-timing';
import { median } from './support/stats';

const CONNECTIONS = 64;

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export async function load(url: string, seconds: number, token?: string): Promise<Load> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: token } : {},
    timeout: 10,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total ?? r.requests.average * seconds,
  };
}

/** Medians over the rounds (a noisy neighbour spoils a round, not the figure). */
function summary(loads: Load[]): Load {
  const med = (k: keyof Load) => median(loads.map((l) => l[k]));
  const sum = (k: keyof Load) => loads.reduce((a, l) => a + l[k], 0);
  return { rps: med('rps'), p50: med('p50'), p99: med('p99'), non2xx: sum('non2xx'), errors: sum('errors'), total: sum('total') };
}

/** The statement the app ran for one GET (the guard overridden: the aspect lookup only). */
async function appLookup(server: StartedServer, aspect: string): Promise<{ sql: string; lower: boolean } | undefined> {
  const times = await server.child.request<SqlTimes>('sql-times', { top: 5 });
  const q = times.top.find((t) => t.params?.length === 1 && String(t.params[0]).toLowerCase() === aspect.toLowerCase());
  if (!q || times.queries !== 1) return undefined;
  return { sql: q.text, lower: q.params?.[0] !== aspect };
}

/**
 * Measurement 4: authenticated GET /v1/aspects/{name} at 64 connections (autocannon) against the
 * app, the same app with its token guard overridden, and a minimal node:http + pg server.
 * Each server is its own process; the rounds alternate between them so that noise hits all three.
 * BENCH_AB=<another build's dist/src/main.js>: that build too, logged and silent, in the same
 * alternating rounds on the same database (an A/B comparison; see abCpu in the figures).
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
  let silent: StartedServer | undefined;
  let fresh: StartedServer | undefined;
  let ab: StartedServer | undefined;
  let abSilent: StartedServer | undefined;
  try {
    // What logging costs: two new servers of the app's build, started together, one with request
    // logging off. Not the app itself against the silent one: the app has served the seeding,
    // the bulk rounds and the hierarchies, and that history alone cost its reads up to ≈ 30 % more CPU
    // (V8's young generation, docs/PERFORMANCE.md), which is not logging. The app against the new
    // logged server shows that history. Not on the embedded engine: its socket serves one
    // connection at a time, and a fourth server process starved the others (500s).
    if (!ctx.db.embedded) {
      silent = await ctx.startApp(`app-silent-${ctx.engine}`, { LOG_LEVEL: 'silent' });
      expectOk(await new Api(silent.base, ctx.data.token).get(path), `GET ${path} (LOG_LEVEL=silent)`);
      fresh = await ctx.startApp(`app-fresh-${ctx.engine}`, {});
      expectOk(await new Api(fresh.base, ctx.data.token).get(path), `GET ${path} (a new server)`);
    }
    if (process.env.BENCH_AB) {
      // BENCH_AB_NODE_FLAGS: node flags for the A/B servers instead of npm start's (the same build
      // with other V8 settings, say; space-separated, '' for none).
      const abFlags = process.env.BENCH_AB_NODE_FLAGS?.split(/\s+/).filter(Boolean);
      ab = await startProductionServer(`ab-${ctx.engine}`, ctx.db, ctx.logDir, {}, process.env.BENCH_AB, abFlags);
      expectOk(await new Api(ab.base, ctx.data.token).get(path), `GET ${path} (BENCH_AB)`);
      if (!ctx.db.embedded) {
        abSilent = await startProductionServer(`ab-silent-${ctx.engine}`, ctx.db, ctx.logDir, { LOG_LEVEL: 'silent' }, process.env.BENCH_AB, abFlags);
        expectOk(await new Api(abSilent.base, ctx.data.token).get(path), `GET ${path} (BENCH_AB, LOG_LEVEL=silent)`);
      }
    }
    noguard = await startServer(`noguard-${ctx.engine}`, 'noguard', ctx.db, { BENCH_CALLER: JSON.stringify(caller) }, ctx.logDir);
    if (guarded && !noguard.overridden?.length) throw new SkipBenchmark('no global token guard found to override');
    await noguard.child.request('sql-reset');
    expectOk(await new Api(noguard.base).get(path), `GET ${path} (guard overridden)`);
    const lookup = await appLookup(noguard, aspect);
    raw = await startServer(`raw-${ctx.engine}`, 'raw', ctx.db, lookup ? { BENCH_RAW_SQL: lookup.sql, BENCH_RAW_LOWER: lookup.lower ? '1' : '0' } : {});
    expectOk(await new Api(raw.base).get(path), `GET ${path} (node:http + pg)`);

    const targets = [
      { key: 'app', url: `${ctx.base}${path}`, token: ctx.data.token },
      ...(silent ? [{ key: 'silent', url: `${silent.base}${path}`, token: ctx.data.token }] : []),
      ...(fresh ? [{ key: 'fresh', url: `${fresh.base}${path}`, token: ctx.data.token }] : []),
      { key: 'noguard', url: `${noguard.base}${path}` },
      { key: 'raw', url: `${raw.base}${path}` },
      ...(ab ? [{ key: 'ab', url: `${ab.base}${path}`, token: ctx.data.token }] : []),
      ...(abSilent ? [{ key: 'abSilent', url: `${abSilent.base}${path}`, token: ctx.data.token }] : []),
    ];
    // Warm-up (JIT, pools): the first seconds of a fresh process cost two to three times more CPU.
    for (const t of targets) await load(t.url, 2, t.token);
    const results: Record<string, Load[]> = { app: [], silent: [], fresh: [], noguard: [], raw: [], ab: [], abSilent: [] };
    const cpuRounds: Record<string, number[]> = { app: [], silent: [], fresh: [], noguard: [], raw: [], ab: [], abSilent: [] };
    const usage: Record<string, { queries: number; requests: number; cpuMicros: number }> = {};
    const children: Record<string, BenchChild> = {
      app: ctx.app,
      noguard: noguard.child,
      raw: raw.child,
      ...(silent ? { silent: silent.child } : {}),
      ...(fresh ? { fresh: fresh.child } : {}),
      ...(ab ? { ab: ab.child } : {}),
      ...(abSilent ? { abSilent: abSilent.child } : {}),
    };
    const logBefore = logBytes({ logBytes: ctx.appLogBytes });
    for (const key of Object.keys(children)) {
      usage[key] = { queries: 0, requests: 0, cpuMicros: 0 };
      await children[key].request('profile-start');
    }
    for (let round = 0; round < ctx.rounds; round++) {
      for (const t of targets) {
        const child = children[t.key];
        await child.request('sql-reset');
        const before = await child.request<ServerStats>('stats');
        const l = await load(t.url, ctx.loadSeconds, t.token);
        const after = await child.request<ServerStats>('stats');
        results[t.key].push(l);
        const times = t.key === 'raw' ? { queries: l.total } : await child.request<SqlTimes>('sql-times', { top: 0 });
        usage[t.key].queries += times.queries;
        usage[t.key].requests += l.total;
        usage[t.key].cpuMicros += after.cpuMicros - before.cpuMicros;
        cpuRounds[t.key].push((after.cpuMicros - before.cpuMicros) / Math.max(1, l.total));
      }
    }
    for (const key of Object.keys(children)) await children[key].request('profile-stop', { name: `${ctx.engine}-aspects-${key}` });
    const logPerRequest = (logBytes({ logBytes: ctx.appLogBytes }) - logBefore) / usage.app.requests;
    const perRequest = (key: string) => ({ queries: usage[key].queries / usage[key].requests, cpu: usage[key].cpuMicros / usage[key].requests });
    const [app, sl, fr, ng, rw] = [summary(results.app), summary(results.silent), summary(results.fresh), summary(results.noguard), summary(results.raw)];
    // Ratios within each round (seconds apart), then their median.
    const ratio = (a: Load[], b: Load[]) => median(a.map((l, i) => l.rps / b[i].rps));
    return {
      rawQuery: lookup ? 'the app\'s own statement' : 'an equivalent statement (the app\'s could not be captured)',
      guard: guarded ? (noguard.overridden ?? []).join(', ') : 'none (GET answered without a token)',
      appRps: app.rps,
      appP50: app.p50,
      appP99: app.p99,
      appBad: app.non2xx + app.errors,
      silentRps: silent ? sl.rps : undefined,
      silentP99: silent ? sl.p99 : undefined,
      freshRps: fresh ? fr.rps : undefined,
      freshP99: fresh ? fr.p99 : undefined,
      loggingCost: fresh ? 1 - ratio(results.fresh, results.silent) : undefined,
      // the same in CPU time per request: far less moved by a busy machine than requests/s
      loggingCpuCost: fresh ? 1 - median(cpuRounds.silent.map((c, i) => c / cpuRounds.fresh[i])) : undefined,
      historyRatio: fresh ? ratio(results.app, results.fresh) : undefined,
      silentCpuMicros: silent ? perRequest('silent').cpu : undefined,
      freshCpuMicros: fresh ? perRequest('fresh').cpu : undefined,
      logBytesPerRequest: logPerRequest,
      noguardRps: ng.rps,
      noguardP50: ng.p50,
      noguardP99: ng.p99,
      noguardBad: ng.non2xx + ng.errors,
      rawRps: rw.rps,
      rawP50: rw.p50,
      rawP99: rw.p99,
      rawBad: rw.non2xx + rw.errors,
      // like with like: two new servers, the token guard on and overridden
      guardRatio: ratio(fresh ? results.fresh : results.app, results.noguard),
      appQueriesPerRequest: perRequest('app').queries,
      noguardQueriesPerRequest: perRequest('noguard').queries,
      appCpuMicros: perRequest('app').cpu,
      noguardCpuMicros: perRequest('noguard').cpu,
      rawCpuMicros: perRequest('raw').cpu,
      rawRatio: ratio(results.app, results.raw),
      perRound: ['app', 'silent', 'fresh', 'noguard', 'raw', 'ab', 'abSilent'].filter((k) => results[k].length).map((k) => `${k} ${results[k].map((l) => Math.round(l.rps)).join(', ')}`).join('; '),
      cpuPerRound: Object.keys(children).map((k) => `${k} ${cpuRounds[k].map((c) => Math.round(c)).join(', ')}`).join('; '),
      // medians of the per-round ratios of CPU per request (rounds seconds apart see the same load)
      abCpu: ab
        ? `CPU per request, median of per-round ratios: app ÷ BENCH_AB ${median(cpuRounds.app.map((c, i) => c / cpuRounds.ab[i])).toFixed(3)}` +
          (abSilent && silent ? `, silent ÷ BENCH_AB silent ${median(cpuRounds.silent.map((c, i) => c / cpuRounds.abSilent[i])).toFixed(3)}` : '') +
          (silent ? `; logged ÷ silent: app ${median(cpuRounds.app.map((c, i) => c / cpuRounds.silent[i])).toFixed(3)}` : '') +
          (abSilent ? `, BENCH_AB ${median(cpuRounds.ab.map((c, i) => c / cpuRounds.abSilent[i])).toFixed(3)}` : '') +
          `; medians of CPU µs per request: app ${Math.round(median(cpuRounds.app))}, BENCH_AB ${Math.round(median(cpuRounds.ab))}` +
          (silent ? `, silent ${Math.round(median(cpuRounds.silent))}` : '') +
          (abSilent ? `, BENCH_AB silent ${Math.round(median(cpuRounds.abSilent))}` : '') +
          `, raw ${Math.round(median(cpuRounds.raw))}` +
          `; req/s ÷ node:http + pg: app ${ratio(results.app, results.raw).toFixed(3)}, BENCH_AB ${ratio(results.ab, results.raw).toFixed(3)}` +
          `; p99 ms: app ${summary(results.app).p99}, BENCH_AB ${summary(results.ab).p99}` +
          (abSilent && silent ? `, silent ${summary(results.silent).p99}, BENCH_AB silent ${summary(results.abSilent).p99}` : '')
        : undefined,
    };
  } finally {
    await Promise.all([silent?.child.stop(), fresh?.child.stop(), noguard?.child.stop(), raw?.child.stop(), ab?.child.stop(), abSilent?.child.stop()]);
  }
}
