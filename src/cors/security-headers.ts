import type { RequestHandler } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: false,
  strictTransportSecurity: false, // sent by hstsWhenSecure() only when the request came over HTTPS
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xPoweredBy: true,
};

/**
 * helmet tightened for an API: nosniff, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
 * same-origin resource policy, no `X-Powered-By`. The global CSP stays off because Swagger UI
 * and the web pages bring their own scripts and forms; JSON answers get a strict one below.
 *
 * With these options every helmet header is the same on every answer, so helmet runs once, at
 * start-up, against a recording response, and each request gets the recorded headers in one
 * loop: helmet itself is eleven nested middleware per request (docs/PERFORMANCE.md, issue 19).
 * Its only removal, `X-Powered-By`, is Express's, which createApp disables.
 */
export function securityHeaders(): RequestHandler {
  const [names, values] = staticHeaders(helmet(HELMET_OPTIONS));
  const count = names.length;
  return (_req, res, next) => {
    for (let i = 0; i < count; i++) res.setHeader(names[i], values[i]);
    next();
  };
}

/**
 * The headers a middleware sets on a response it does not look at: it is run on a stand-in
 * request and response that record `setHeader`. It must call `next()` synchronously without an
 * error and remove nothing but `X-Powered-By` (checked here, so a helmet option that varied per
 * request would fail at start-up rather than be frozen).
 */
export function staticHeaders(middleware: RequestHandler): [string[], string[]] {
  const names: string[] = [];
  const values: string[] = [];
  let called = false;
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`security header ${name} is not a plain string`);
      names.push(name);
      values.push(value);
      return res;
    },
    removeHeader(name: string) {
      if (name.toLowerCase() !== 'x-powered-by') throw new Error(`security headers remove ${name}`);
    },
  };
  const req = new Proxy({}, { get: (_t, key) => { throw new Error(`security headers read the request (${String(key)})`); } });
  middleware(req as Parameters<RequestHandler>[0], res as unknown as Parameters<RequestHandler>[1], (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    called = true;
  });
  if (!called) throw new Error('security headers: the middleware did not call next() synchronously');
  return [names, values];
}

/**
 * HSTS only on HTTPS requests: `req.secure` is true for a TLS socket, or, when TRUST_PROXY names
 * the proxy, for `X-Forwarded-Proto: https` from it. Over plain HTTP the header is meaningless.
 */
export function hstsWhenSecure(): RequestHandler {
  const hsts = strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true });
  return (req, res, next) => (req.secure ? hsts(req, res, next) : next());
}

/** Whether a path is under /v1 (the API), ignoring case as the router does. */
export function isApiPath(path: string): boolean {
  return /^\/v1(?:\/|$)/i.test(path);
}

/** Paths under /v1 that are not API answers: Swagger UI serves HTML, scripts and styles. */
function isDocsUi(path: string): boolean {
  return path === '/v1/docs' || path.startsWith('/v1/docs/');
}

/**
 * Defaults for every /v1 API answer (JSON, often user-specific, sometimes a one-time secret):
 * `Cache-Control: no-store` so no shared or browser cache keeps it, and a CSP that forbids
 * rendering or framing it. A handler may still set its own Cache-Control afterwards.
 */
export function apiResponseDefaults(): RequestHandler {
  return (req, res, next) => {
    if (isApiPath(req.path) && !isDocsUi(req.path.toLowerCase())) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', API_CSP);
    }
    next();
  };
}
