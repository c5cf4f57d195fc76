import type { RequestHandler } from 'express';
import cors, { CorsOptions } from 'cors';

/** The methods and request headers a cross-origin caller may use on a listed route. */
export const CORS_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type';
/** Response headers a cross-origin script may read (list endpoints report their total). */
export const CORS_EXPOSED_HEADERS = 'X-Total-Count';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Decides which request paths are open to cross-origin callers: the CORS_ROUTES entries as
 * prefixes matched on whole path segments, ignoring case (`/v1/bots` covers `/v1/bots`,
 * `/v1/bots/x` and `/V1/BOTS`, never `/v1/botsx` or `/v1/botActions`).
 */
export class CorsRouteMatcher {
  private readonly prefixes: string[];

  constructor(routes: readonly string[]) {
    this.prefixes = [...new Set(routes.map(normalisePrefix).filter((p): p is string => p !== undefined))];
  }

  /** True when no route is listed: then no request gets CORS headers. */
  get isEmpty(): boolean {
    return this.prefixes.length === 0;
  }

  /** The normalised prefixes (lower case, no trailing slash except the root). */
  get routes(): readonly string[] {
    return this.prefixes;
  }

  /** Whether a request path (without its query string) falls under one of the listed prefixes. */
  matches(path: string): boolean {
    if (this.prefixes.length === 0) return false;
    const p = path.toLowerCase();
    return this.prefixes.some((prefix) => prefix === '/' || p === prefix || p.startsWith(`${prefix}/`));
  }
}

/** Trims, lower-cases and drops trailing slashes; undefined for an entry that is not a path. */
export function normalisePrefix(route: string): string | undefined {
  const r = route.trim().toLowerCase();
  if (!r.startsWith('/')) return undefined;
  const stripped = r.replace(/\/+$/, '');
  return stripped === '' ? '/' : stripped;
}

/**
 * The options handed to the `cors` package. With no allow-list (or `*` in it) every origin gets
 * `*`; otherwise only a listed origin is reflected (with `Vary: Origin`), so an `Origin: null`
 * is never echoed. Credentials are never allowed.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  const list = origins.map((o) => o.trim().toLowerCase().replace(/\/+$/, '')).filter((o) => o !== '' && o !== 'null');
  const anyOrigin = list.length === 0 || list.includes('*');
  return {
    origin: anyOrigin ? '*' : list,
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  };
}

/**
 * Express middleware, mounted before routing and authentication: runs `cors` for listed paths
 * only (a preflight there is answered 204 without a token); every other path passes untouched,
 * so it carries no Access-Control-Allow-* header. Undefined when CORS_ROUTES is empty.
 */
export function corsForRoutes(routes: readonly string[], origins: readonly string[]): RequestHandler | undefined {
  const matcher = new CorsRouteMatcher(routes);
  if (matcher.isEmpty) return undefined;
  const handler = cors(corsOptions(origins));
  return (req, res, next) => {
    if (!matcher.matches(req.path)) return next();
    // helmet's same-origin resource policy would contradict the route being open to other origins
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    handler(req, res, next);
  };
}
