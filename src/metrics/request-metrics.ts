import type { Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';
import type { MetricsService } from './metrics.service';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type Children = [ReturnType<Counter<'method' | 'route' | 'status'>['labels']>, ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>];

/** Records one answered request that started at `start` (process.hrtime.bigint()). */
export type RequestRecorder = (req: Request, res: Response, start: bigint) => void;

/**
 * Counts every answer and its latency by method, route pattern (`/v1/aspects/:key`, never the
 * path itself, so that the series stay few) and status. The labelled children are kept per
 * combination, so a request costs a map look-up and two additions. Called by the request
 * observer (common/logging.ts) once the answer is sent.
 */
export function requestMetrics(metrics: MetricsService): RequestRecorder {
  const children = new Map<string, Children>();
  return (req: Request, res: Response, start: bigint) => {
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
}
