/**
 * The cost of the token guard: requests/s and p50/p99 latency of an authenticated GET, next to
 * the same handler in the same pipeline with the guard replaced (a @nestjs/testing override that
 * sets a fixed caller). Both apps run in this process against one fresh database on
 * BENCH_DATABASE_URL's server; rounds alternate so that a noisy machine shifts both sides.
 *
 *   npx ts-node --transpile-only bench/auth.bench.ts
 *
 * Environment: BENCH_DATABASE_URL, BENCH_SECONDS (per round, default 3), BENCH_ROUNDS (default 4),
 * BENCH_CONNECTIONS (default 10).
 */
import 'reflect-metadata';
import { CanActivate, ExecutionContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../src/app.module';
import type { AuthenticatedUser } from '../src/auth/caller';
import { ServerKey } from '../src/auth/server-key';
import { TokenAuthenticator } from '../src/auth/token-authenticator';
import { TokenGuard } from '../src/auth/token.guard';
import { loadConfig } from '../src/config/app-config';
import { TokensService } from '../src/tokens/tokens.service';
import { FIRST_ADMIN_NAME } from '../src/users/user.entity';
import { UsersRepository } from '../src/users/users.repository';
import { createServerDatabase, DEFAULT_SERVER_URL } from './support/database';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PATH = '/v1/profiles/RefocusUser';

/** Stands in for the token guard: every request is the given caller, no lookup. */
class FixedCallerGuard implements CanActivate {
  constructor(private readonly caller: () => AuthenticatedUser) {}
  canActivate(ctx: ExecutionContext): boolean {
    ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user = this.caller();
    return true;
  }
}

async function build(url: string, replaceGuard?: FixedCallerGuard): Promise<{ app: NestExpressApplication; base: string }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', SECRET_KEY: 'bench-secret-key-bench-secret-key-bench', ADMIN_PASSWORD: 'bench-admin-password' });
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config, { url, embedded: false })] });
  if (replaceGuard) builder = builder.overrideProvider(TokenGuard).useValue(replaceGuard);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

interface Figures {
  rps: number[];
  p50: number[];
  p99: number[];
  non2xx: number;
}

async function round(url: string, headers: Record<string, string>, into: Figures): Promise<void> {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  into.rps.push(r.requests.average);
  into.p50.push(r.latency.p50);
  into.p99.push(r.latency.p99);
  into.non2xx += r.non2xx + r.errors;
}

/** Mean time of one token check (digest + lookup), and of the digest alone, in µs. */
async function sequentialCheckMicros(app: NestExpressApplication, secret: string): Promise<{ total: number; hmac: number }> {
  const auth = app.get(TokenAuthenticator);
  const key = app.get(ServerKey);
  const n = 1000;
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await auth.authenticate(secret);
  const total = Number(process.hrtime.bigint() - t0) / n / 1000;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n * 10; i++) key.tokenDigest(secret);
  return { total, hmac: Number(process.hrtime.bigint() - t0) / (n * 10) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function authBench(serverUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL): Promise<string> {
  const db = await createServerDatabase(serverUrl);
  let caller: AuthenticatedUser | undefined;
  const guarded = await build(db.url);
  const open = await build(db.url, new FixedCallerGuard(() => caller!));
  try {
    const admin = (await guarded.app.get(UsersRepository).findByKey(FIRST_ADMIN_NAME))!;
    const { secret } = await guarded.app.get(TokensService).issue(admin.id, 'bench');
    caller = { id: admin.id, name: admin.name, email: admin.email, profileName: 'Admin', isAdmin: true, tokenId: '', tokenKind: 'user', tokenBoundId: null };
    const withGuard: Figures = { rps: [], p50: [], p99: [], non2xx: 0 };
    const without: Figures = { rps: [], p50: [], p99: [], non2xx: 0 };
    for (const [base, headers] of [[guarded.base, { Authorization: secret }], [open.base, {}]] as const) {
      const res = await fetch(base + PATH, { headers });
      if (res.status !== 200) throw new Error(`${base}${PATH} answered ${res.status}: ${await res.text()}`);
    }
    await round(guarded.base + PATH, { Authorization: secret }, { rps: [], p50: [], p99: [], non2xx: 0 }); // warm-up
    await round(open.base + PATH, {}, { rps: [], p50: [], p99: [], non2xx: 0 });
    for (let i = 0; i < ROUNDS; i++) {
      await round(guarded.base + PATH, { Authorization: secret }, withGuard);
      await round(open.base + PATH, {}, without);
    }
    const check = await sequentialCheckMicros(guarded.app, secret);
    const line = (name: string, f: Figures) =>
      `| ${name} | ${median(f.rps).toFixed(0)} | ${median(f.p50).toFixed(1)} | ${median(f.p99).toFixed(1)} | ${f.non2xx} |`;
    const perRequestUs = (1e6 / median(withGuard.rps) - 1e6 / median(without.rps)) * CONNECTIONS;
    return [
      `GET ${PATH}, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s (medians), ${db.version}`,
      '',
      '| app | requests/s | p50 ms | p99 ms | non-2xx |',
      '|---|---|---|---|---|',
      line('token guard (raw token)', withGuard),
      line('guard overridden', without),
      '',
      `Latency added under load (Little's law, ${CONNECTIONS} connections): ≈ ${perRequestUs.toFixed(0)} µs per request.`,
      `One check, sequential, in process: ${check.total.toFixed(0)} µs (HMAC-SHA-256 alone: ${check.hmac.toFixed(1)} µs; the rest is the one indexed query's round trip).`,
    ].join('\n');
  } finally {
    await guarded.app.close();
    await open.app.close();
    await db.drop();
  }
}

if (require.main === module) {
  authBench().then(
    (table) => process.stdout.write(`${table}\n`),
    (e: unknown) => {
      process.stderr.write(`auth bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
