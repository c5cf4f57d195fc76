import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  ApiError,
  AuthenticationError,
  DuplicateResourceError,
  ForbiddenError,
  InternalServerError,
  InvalidJsonError,
  LoginError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
} from './api-errors';
import { isDatabaseUnavailable, timeoutKindOf } from '../../database/database-errors';
import { MetricsService } from '../../metrics/metrics.service';
import { RouteMethods } from './route-methods';

type ErrorClass = (abstract new (...args: never[]) => ApiError) & { readonly type: string };

/**
 * The HTTP status of each error class, the one place it is decided. A class answers with the
 * status of its nearest listed ancestor (SchemaValidationError → ValidationError → 400).
 */
const STATUS_OF_CLASS = new Map<ErrorClass, number>([
  [ValidationError, 400],
  [AuthenticationError, 401],
  [LoginError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [DuplicateResourceError, 409],
  [PayloadTooLargeError, 413],
  [TooManyRequestsError, 429],
  [InternalServerError, 500],
  [ServiceUnavailableError, 503],
]);

/** The wire type of a framework 4xx: that of our first class with its status (415 is a validation error). */
function frameworkType(status: number): string {
  if (status === 415) return ValidationError.type;
  for (const [c, s] of STATUS_OF_CLASS) if (s === status) return c.type;
  return 'Error';
}

/** A 4xx raised by the framework (body parser, Nest routing, multer), not by us: its status passes through. */
class FrameworkHttpError extends ApiError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super({ message }, frameworkType(status));
  }
}

/** The HTTP status an API error answers with. */
export function httpStatusOf(error: ApiError): number {
  if (error instanceof FrameworkHttpError) return error.status;
  for (let c = error.constructor; c !== ApiError && c !== Object; c = Object.getPrototypeOf(c) as typeof c) {
    const status = STATUS_OF_CLASS.get(c as ErrorClass);
    if (status !== undefined) return status;
  }
  return 500;
}

/** The longest an error answer waits for the rest of a request's body (see afterRequestBody). */
export const BODY_DRAIN_MS = 5_000;

/**
 * Calls `send` once the request's body has arrived, when the connection closes after the answer.
 * A guard refuses a multipart upload (401, 403, 404) before multer has read it; a server that
 * answers and closes while the client is still sending resets the connection, and the client
 * (refocus-bdk's superagent asks for `Connection: close`) sees EPIPE instead of the answer. So
 * the rest of the body is read and dropped first, for at most BODY_DRAIN_MS. On a kept-alive
 * connection Node drops the rest itself after the answer, which then goes at once.
 */
function afterRequestBody(req: Request, res: Response, send: () => void): void {
  // only a body still arriving (`complete` false) on a connection that closes after the answer
  if (req.complete !== false || res.shouldKeepAlive !== false || req.destroyed) return send();
  let sent = false;
  const once = () => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    req.off('end', once).off('close', once).off('error', once);
    if (!res.headersSent && !res.destroyed) send();
  };
  req.on('end', once).on('close', once).on('error', once);
  const timer = setTimeout(once, BODY_DRAIN_MS);
  req.resume();
}

/** The one place that turns any thrown value into the contract's `{errors:[...]}` body. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  private lastWarned = 0;
  private unwarned = 0;

  constructor(@Optional() private readonly metrics?: MetricsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const error = this.toApiError(exception, req);
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
    afterRequestBody(req, res, () => res.status(httpStatusOf(error)).json({ errors: error.items }));
  }

  private toApiError(exception: unknown, req: Request): ApiError {
    if (exception instanceof ApiError) return exception;
    const status = this.statusOf(exception);
    if (status === 413) return new PayloadTooLargeError();
    if (status === 404 && exception instanceof HttpException) {
      // Nest's own "no route" answer: 405 when the path exists with other methods.
      const allowed = RouteMethods.allowed(req.path);
      return allowed.length ? new MethodNotAllowedError(allowed) : new NotFoundError({ message: 'Not found', value: '' });
    }
    if (status === 401) return new AuthenticationError();
    if (isDatabaseUnavailable(exception)) return this.unavailable(exception);
    if (status === 400 && (exception as { type?: string }).type === 'entity.parse.failed') {
      return new InvalidJsonError({ message: 'Malformed JSON in request body' });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return new FrameworkHttpError(status, this.safeMessage(exception, status));
    }
    const id = (req as { id?: unknown }).id ?? randomUUID();
    this.logger.error({ err: exception, correlationId: id }, `Unexpected failure (correlation id ${String(id)})`);
    return new InternalServerError(String(id));
  }

  /** A database that failed or ran out of time: 503 with Retry-After, logged without SQL or parameters. */
  private unavailable(exception: unknown): ServiceUnavailableError {
    // statement limits are counted where they happen (the pool's client), for requests and jobs alike
    if (timeoutKindOf(exception) === 'connect') this.metrics?.dbTimeouts.inc({ kind: 'connect' });
    this.metrics?.dbUnavailable.inc();
    // one line per 10 s with a count, not one per request of an outage
    const now = Date.now();
    if (now - this.lastWarned >= 10_000) {
      const cause = (exception as { driverError?: { message?: unknown } }).driverError?.message ?? (exception as Error).message;
      const more = this.unwarned ? ` (and ${this.unwarned} more since the last such line)` : '';
      this.logger.warn(`Database unavailable, answered 503: ${String(cause).slice(0, 200)}${more}`);
      this.lastWarned = now;
      this.unwarned = 0;
    } else this.unwarned++;
    return new ServiceUnavailableError();
  }

  private statusOf(exception: unknown): number | undefined {
    if (exception instanceof HttpException) return exception.getStatus();
    const s = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ??
      (exception as { statusCode?: unknown } | null)?.statusCode;
    return typeof s === 'number' ? s : undefined;
  }

  /** Messages of framework 4xx errors are short and generated by us or Nest; never echo anything else. */
  private safeMessage(exception: unknown, status: number): string {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const msg = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      if (typeof msg === 'string' && msg.length < 300) return msg;
      if (Array.isArray(msg)) return msg.join('; ').slice(0, 500);
    }
    return `Request failed with status ${status}`;
  }
}
