import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express from 'express';
import { constants as zlibConstants } from 'node:zlib';
import typeIs from 'type-is';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { DatabaseTarget } from './database/database-target';
import { RouteMethods } from './common/errors/route-methods';
import { setupSwagger } from './common/swagger';
import { quietStartupLogger } from './startup-banner';
import { AppConfig } from './config/app-config';
import { corsForRoutes } from './cors/cors-routes';
import { bodyHygieneError, rejectNulInUrl } from './common/validation/request-hygiene';
import { requireUtf8 } from './common/utf8-body';
import { MetricsService } from './metrics/metrics.service';
import { requestMetrics } from './metrics/request-metrics';
import { observeRequests } from './common/logging';
import { middlewareChain } from './common/middleware-chain';
import { AppExpressAdapter } from './common/app-express-adapter';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { adminOverrideAudit } from './audit/admin-override.middleware';
import { AuditLog } from './audit/audit-log.service';
import { apiResponseDefaults, hstsWhenSecure, isApiPath, securityHeaders } from './cors/security-headers';

export const BULK_UPSERT_PATH = '/v1/samples/upsert/bulk';
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the whole application, ready to listen: used by main.ts, the tests and the benchmarks,
 * so that all three run exactly the same pipeline.
 */
export async function createApp(config: AppConfig, database: DatabaseTarget): Promise<NestExpressApplication> {
  // Requests and responses born with Express's prototypes, objects answered as res.json would in
  // one write (AppExpressAdapter, issue 19).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), new AppExpressAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(quietStartupLogger(app.get(Logger)));
  app.disable('x-powered-by');
  // No ETag: the API's answers are `no-store` (no cache keeps one to revalidate), and hashing
  // every body cost every read (16 ms on a 13 MB hierarchy). docs/DECISIONS.md, issue 19.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // gzip for clients that ask (a hierarchy answer of 13 MB of JSON shrinks about twentyfold);
  // a client that does not ask skips the middleware and its per-request wrapping altogether.
  // The fastest levels: on that answer, brotli 4 (the default) and gzip 6 took 100–130 ms and
  // 70–90 ms of a request, brotli 1 and gzip 1 a fifth of that, for a few per cent more bytes.
  const gzip = compression({ threshold: 1024, level: 1, brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } } });
  // Per-route CORS before body parsing, routing and the token guard: a preflight needs no token.
  const corsHandler = corsForRoutes(config.corsRoutes, config.corsOrigins);
  // Cookies are read for the web pages only: /v1 never looks at them (CONTRACT §2).
  const cookies = cookieParser();
  // Everything every request goes through before routing, in this order, as one Express layer
  // (middlewareChain: one router layer instead of ten, docs/PERFORMANCE.md, issue 19).
  app.use(
    middlewareChain([
      observeRequests(config, requestMetrics(app.get(MetricsService))),
      securityHeaders(),
      hstsWhenSecure(),
      apiResponseDefaults(),
      (req, res, next) => (req.headers['accept-encoding'] ? gzip(req, res, next) : next()),
      ...(corsHandler ? [corsHandler] : []),
      rejectNulInUrl(),
      bodyParsers(config),
      (req, res, next) => (isApiPath(req.path) ? next() : cookies(req, res, next)),
      // The audit log's ?override=admin record: plain middleware (docs/PERFORMANCE.md, issue 19).
      adminOverrideAudit(app.get(AuditLog)),
    ]),
  );
  setupSwagger(app);
  // One socket.io server (path /socket.io) on this HTTP server, shared by every gateway.
  app.useWebSocketAdapter(new RealtimeIoAdapter(app));
  await app.init();
  RouteMethods.capture(app.getHttpAdapter().getInstance());
  return app;
}

/**
 * JSON bodies up to 1 MB, except the bulk upsert route which takes BULK_UPSERT_MAX_BYTES; then
 * bodies nested too deep or carrying NUL characters are refused (400) before validation.
 */
function bodyParsers(config: AppConfig): express.RequestHandler {
  const small = express.json({ limit: DEFAULT_BODY_LIMIT, verify: requireUtf8 });
  const large = express.json({ limit: config.bulkUpsertMaxBytes, verify: requireUtf8 });
  const form = express.urlencoded({ extended: false, limit: DEFAULT_BODY_LIMIT, verify: requireUtf8 });
  return (req, res, next) => {
    if (!typeIs.hasBody(req)) return next(); // a GET, say: nothing to parse or check
    const json = req.path.toLowerCase() === BULK_UPSERT_PATH ? large : small;
    json(req, res, (err?: unknown) =>
      err ? next(err) : form(req, res, (err2?: unknown) => next(err2 ?? bodyHygieneError(req.body))),
    );
  };
}
