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
  // Without a trusted proxy, Express's req.ip is the socket's address, worked out by parsing
  // X-Forwarded-For on every read (≈ 0.7 % of an authenticated read's CPU, issue 19).
  const addressOf: (req: LoggedRequest) => string | undefined =
    config.trustProxy === false ? (req) => req.socket?.remoteAddress : (req) => req.ip ?? req.socket?.remoteAddress;
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
        remoteAddress: addressOf(req),
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
  const msg = !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
  if (!fastLines.has(log) && !checkFastLine(log, req, res, responseTime, msg)) {
    log.info({ req, res, responseTime }, msg);
    return;
  }
  if (!log.isLevelEnabled('info')) return;
  const l = log as unknown as Record<symbol, unknown>;
  (l[pino.symbols.streamSym] as { write(s: string): void }).write(requestLine(l, req, res, responseTime, msg, (l[pino.symbols.timeSym] as () => string)()));
}

/** Loggers whose request lines requestLine writes (pino's own line for the same request was identical). */
const fastLines = new WeakSet<Logger>();
/** Loggers where it was not (another pino configuration): pino writes their lines. */
const slowLines = new WeakSet<Logger>();

/**
 * The request line as pino writes it with this module's options (level, time, the logger's
 * bindings, `req` and `res` through the serializers above, `responseTime`, `msg`), built in one
 * template instead of pino's generic walk over the object and its serializers' objects
 * (docs/PERFORMANCE.md, issue 19). Only used once checkFastLine has seen pino produce the same.
 */
function requestLine(l: Record<symbol, unknown>, req: Request, res: Response, responseTime: number, msg: string, time: string): string {
  const r = (l[pino.symbols.serializersSym] as { req: (req: unknown) => Record<string, unknown> }).req(req);
  const address = r.remoteAddress === undefined ? '' : `,"remoteAddress":${JSON.stringify(r.remoteAddress)}`;
  return (
    `${(l[pino.symbols.lsCacheSym] as Record<number, string>)[30]}${time}${l[pino.symbols.chindingsSym] as string}` +
    `,"req":{"id":${JSON.stringify(r.id)},"method":${JSON.stringify(r.method)},"url":${JSON.stringify(r.url)}${address}}` +
    `,"res":{"statusCode":${res.statusCode}},"responseTime":${responseTime},"msg":${JSON.stringify(msg)}}\n`
  );
}

/**
 * Whether requestLine may stand in for pino on this logger: no mixin, no write hook, a plain
 * destination, and the same bytes as pino's own serialisation of this request's line.
 */
function checkFastLine(log: Logger, req: Request, res: Response, responseTime: number, msg: string): boolean {
  if (slowLines.has(log)) return false;
  const l = log as unknown as Record<symbol, unknown>;
  const stream = l[pino.symbols.streamSym] as Record<symbol, unknown> | undefined;
  const hooks = l[pino.symbols.hooksSym] as { streamWrite?: unknown } | undefined;
  let same: boolean;
  try {
    const time = (l[pino.symbols.timeSym] as () => string)();
    const asJson = l[pino.symbols.asJsonSym] as (obj: object, msg: string, num: number, time: string) => string;
    same =
      !l[pino.symbols.mixinSym] &&
      !hooks?.streamWrite &&
      !!stream &&
      stream[pino.symbols.needsMetadataGsym] !== true &&
      typeof (l[pino.symbols.serializersSym] as { req?: unknown }).req === 'function' &&
      asJson.call(log, { req, res, responseTime }, msg, 30, time) === requestLine(l, req, res, responseTime, msg, time);
  } catch {
    same = false;
  }
  (same ? fastLines : slowLines).add(log);
  return same;
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
