import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';
import type { MetricsService } from './metrics.service';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type Children = [ReturnType<Counter<'method' | 'route' | 'status'>['labels']>, ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>];

/**
 * Counts every answer and its latency by method, route pattern (`/v1/aspects/:key`, never the
 * path itself, so that the series stay few) and status. The labelled children are kept per
 * combination, so a request costs a map look-up and two additions.
 */
export function requestMetrics(metrics: MetricsService): RequestHandler {
  const children = new Map<string, Children>();
  const record = (req: Request, res: Response, start: bigint) => {
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    const route = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : 'unmatched';
    const status = String(res.statusCode);
    const key = `${method} ${route} ${status}`;
    let c = children.get(key);
    if (!c) {
      const labels = { method, route, status };
      c = [metrics.httpRequests.labels(labels), metrics.httpDuration.labels(labels)];
      children.set(key, c);
    }
    c[0].inc();
    c[1].observe(Number(process.hrtime.bigint() - start) / 1e9);
  };
  return function recordRequest(req: Request, res: Response, next: NextFunction) {
    const start = process.hrtime.bigint();
    res.once('finish', () => record(req, res, start));
    next();
  };
}
