import type { Request, RequestHandler, Response } from 'express';
import { PinoLogger, type Params } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/app-config';

const SECRET_QUERY_KEYS = /([?&](?:token|access_token|password|secret)=)[^&]*/gi;

/** Strips secrets a client may have put in a query string before the URL reaches a log line. */
export function redactUrl(url: string): string {
  return url.includes('=') ? url.replace(SECRET_QUERY_KEYS, '$1[REDACTED]') : url;
}

/** The request as its log line shows it: no headers at all, so no credential can reach the log. */
interface LoggedRequest {
  id?: unknown;
  method?: string;
  originalUrl?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Structured request logs, one line per request; the Authorization header, cookies and secrets
 * never reach them. What a line costs was measured (docs/PERFORMANCE.md, issue 19): serializing
 * and redacting every request's headers, wrapping each request in pino-std-serializers' object
 * and a synchronous write(2) per line were most of it. So a line carries the request id,
 * method, URL (query secrets redacted) and client address, the status and the time; the
 * serializers get the raw objects; lines go out through an asynchronous destination, 4 kB or
 * a quarter of a second at a time (one write per line cost more than building it; everything
 * buffered is flushed when the process exits; at most 16 MB is buffered).
 */
export function loggerParams(config: AppConfig): Params {
  const options: PinoHttpOptions = {
    level: config.logLevel,
    genReqId: requestId,
    // Defence in depth: no serializer below puts headers in a line, but a log call elsewhere might.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[REDACTED]',
    },
    wrapSerializers: false,
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url ?? ''),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: { name?: string; message?: string; code?: string; stack?: string }) => ({
        type: err.name,
        message: err.message,
        code: err.code,
        stack: err.stack,
      }),
    },
  };
  // nestjs-pino only builds the root logger (its middleware is mounted on no route): its
  // per-request async scope made every promise of every request dearer (≈ 0.18 ms of CPU per
  // authenticated read). The request log is requestLog() below, on that same root logger.
  const forRoutes: Params['forRoutes'] = [];
  const transport = prettyTransport(config);
  if (transport) return { forRoutes, pinoHttp: { ...options, transport } };
  // A reader that falls behind for good (a stuck log shipper) costs at most 16 MB of buffered
  // lines, then lines are dropped rather than the process growing or stalling.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250, maxLength: 16 * 1024 * 1024 });
  return { forRoutes, pinoHttp: [options, destination] };
}

/** The request id: the client's `X-Request-Id` when it is a plain token, else a new UUID (the 500 correlation id). */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * The request log and the request metrics, with one listener per request: when the response is
 * over, `record` (the metrics) if it was sent, then one line written through nestjs-pino's root
 * logger (its serializers and destination); the request id on `req.id`. No line (and no id) at
 * LOG_LEVEL=silent. The same line pino-http wrote (`req`, `res`, `responseTime`, "request
 * completed", "request aborted", or "request errored" with `err` for a 5xx), without its
 * per-request child logger (bindings serialized and redacted at every request's start),
 * `req.log`/`res.log` and three listeners (docs/PERFORMANCE.md, issue 19).
 */
export function observeRequests(config: AppConfig, record: (req: Request, res: Response, start: bigint) => void): RequestHandler {
  const logging = config.logLevel !== 'silent';
  let log: Logger | undefined;
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    if (logging) {
      (req as { id?: string }).id = requestId(req);
      // The root logger exists once the application has initialised: taken at the first request.
      // Its redaction paths are headers, which these lines never carry (the serializers build them,
      // query secrets included), so the request lines skip redaction; other log calls keep it.
      log ??= PinoLogger.root.child({}, { redact: [] });
    }
    const logger = log;
    // 'close' follows 'finish' (writableFinished) on a response that was sent, and comes alone
    // on one that was not; it comes once
    res.on('close', () => {
      if (res.writableFinished) record(req, res, start);
      if (logger) logRequest(logger, req, res, start);
    });
    next();
  };
}

function logRequest(log: Logger, req: Request, res: Response, start: bigint): void {
  const responseTime = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
  if (res.statusCode >= 500) {
    const err = { name: 'Error', message: `failed with status code ${res.statusCode}` };
    log.info({ req, res, err, responseTime }, 'request errored');
    return;
  }
  log.info({ req, res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
}

/** Readable one-line logs for a person at a terminal in development; JSON everywhere else. */
function prettyTransport(config: AppConfig): { target: string; options: Record<string, unknown> } | undefined {
  if (config.isProduction || !process.stdout.isTTY) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined; // a production-style install without dev dependencies
  }
  return { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } };
}
