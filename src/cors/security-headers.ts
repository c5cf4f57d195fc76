import type { RequestHandler } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * helmet tightened for an API: nosniff, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
 * same-origin resource policy, no `X-Powered-By`. The global CSP stays off because Swagger UI
 * and the web pages bring their own scripts and forms; JSON answers get a strict one below.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false, // sent by hstsWhenSecure() only when the request came over HTTPS
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xPoweredBy: true,
  });
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
