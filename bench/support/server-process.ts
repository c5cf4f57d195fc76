/**
 * A server under test, in its own process (forked by the runner):
 *  - `app`:     the real application, built by createApp exactly as main.ts builds it;
 *  - `noguard`: the same, with the global token guard overridden (every request passes as the
 *               bench user), to measure what authentication costs;
 *  - `raw`:     a minimal node:http + pg server answering GET /v1/aspects/{name} with the same
 *               lookup, the floor for a Node process doing that work.
 * It samples its own RSS and times its SQL; the runner asks for both over IPC.
 */
import 'reflect-metadata';
import { serveBenchRequests } from './instrument';

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { ExecutionContext } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Pool } from 'pg';
import { announceFailure, announceReady, exitWithRunner } from './child';

export type { ServerStats } from './instrument';
export type ServerMode = 'app' | 'noguard' | 'raw';

const mode = (process.env.BENCH_SERVER_MODE ?? 'app') as ServerMode;
const dbUrl = process.env.BENCH_DB_URL ?? '';
const embedded = process.env.BENCH_DB_EMBEDDED === '1';

async function startApp(): Promise<{ port: number; close(): Promise<void>; overridden?: string[] }> {
  // Imported here, after the pg patch, so the app's driver is the timed one.
  const { createApp } = await import('../../src/app.factory');
  const { loadConfig } = await import('../../src/config/app-config');
  // Production defaults, request logging included (LOG_LEVEL unset = the app's default), unless
  // the runner asks for a level (BENCH_LOG_LEVEL): the log goes to this process's stdout.
  const logLevel = process.env.BENCH_LOG_LEVEL;
  const config = loadConfig({
    ...(logLevel ? { LOG_LEVEL: logLevel } : {}),
    NODE_ENV: 'production',
    SECRET_KEY: process.env.BENCH_SECRET_KEY ?? 'bench-secret-key-bench-secret-key-bench-secret',
    ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password',
    DATABASE_URL: dbUrl,
    DATA_DIR: process.env.BENCH_DATA_DIR,
  });
  const app: NestExpressApplication = await createApp(config, { url: dbUrl, embedded });
  const overridden = mode === 'noguard' ? overrideTokenGuard(app) : undefined;
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, overridden, close: () => app.close() };
}

/**
 * The equivalent of `overrideGuard(TokenGuard)` for an app built by createApp: the global
 * (APP_GUARD) guards that authenticate are replaced by one that lets every request in as the
 * bench user. Guards that do not authenticate (a throttler, say) stay.
 */
function overrideTokenGuard(app: NestExpressApplication): string[] {
  const caller = JSON.parse(process.env.BENCH_CALLER ?? '{}') as Record<string, unknown>;
  const config = (app as unknown as { config: ApplicationConfig }).config;
  const names: string[] = [];
  for (const guard of config.getGlobalGuards()) {
    const name = guard.constructor?.name ?? 'anonymous';
    if (!/token|auth|passport/i.test(name)) continue;
    names.push(name);
    guard.canActivate = (ctx: ExecutionContext) => {
      const req = ctx.switchToHttp().getRequest<{ user?: unknown }>();
      req.user = caller;
      return true;
    };
  }
  return names;
}

const ASPECT_COLUMNS = `id, name, timeout, value_type AS "valueType", critical_range AS "criticalRange",
  warning_range AS "warningRange", info_range AS "infoRange", ok_range AS "okRange", rank,
  value_label AS "valueLabel", is_published AS "isPublished", description, help_email AS "helpEmail",
  help_url AS "helpUrl", image_url AS "imageUrl", tags, related_links AS "relatedLinks",
  created_by AS "createdBy", owner_id AS "ownerId", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** node:http + pg: the aspect looked up by name with the app's query (prepared like the app's), answered as JSON. */
async function startRaw(): Promise<{ port: number; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: dbUrl, max: embedded ? 1 : 10 });
  // The app's own statement when the runner captured it (BENCH_RAW_SQL), else an equivalent one.
  const sql = process.env.BENCH_RAW_SQL || `SELECT ${ASPECT_COLUMNS} FROM aspects WHERE lower(name) = lower($1)`;
  const lower = process.env.BENCH_RAW_LOWER === '1';
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/v1\/aspects\/([^/?]+)/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) return send(res, 404, { errors: [{ type: 'ResourceNotFoundError' }] });
    const key = decodeURIComponent(m[1]);
    const values = [lower ? key.toLowerCase() : key];
    // Prepared on the real server, as the app prepares it (PreparedSql); the embedded engine's one session cannot.
    pool.query(embedded ? { text: sql, values } : { name: 'raw_aspect', text: sql, values }).then(
      (r) => (r.rows.length ? send(res, 200, r.rows[0]) : send(res, 404, { errors: [{ type: 'ResourceNotFoundError' }] })),
      () => send(res, 500, { errors: [{ type: 'Error' }] }),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await pool.end();
    },
  };
}

exitWithRunner();

async function main(): Promise<void> {
  const server = mode === 'raw' ? await startRaw() : await startApp();
  serveBenchRequests(() => server.close());
  announceReady({ port: server.port, overridden: 'overridden' in server ? server.overridden : undefined });
}

main().catch(announceFailure);
