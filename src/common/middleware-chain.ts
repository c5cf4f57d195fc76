import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Express middleware run in order as one: what `app.use(a, b, c)` does, in one router layer
 * instead of one per middleware. Express matches every layer against the path and wraps every
 * call (`processParams`, `trimPrefix`, `handleRequest`): for the ten always-on middleware of
 * createApp that was a few per cent of a small read (docs/PERFORMANCE.md, issue 19).
 *
 * The same contract as separate layers: `next(err)` (or a throw, or a rejected promise) skips
 * the rest and goes to Express's error handling; `next()` runs the next one; a middleware that
 * answers and calls neither ends the request there. For middleware mounted on every path only
 * (they see the same `req.url` either way).
 */
export function middlewareChain(handlers: readonly RequestHandler[]): RequestHandler {
  const list = [...handlers];
  const count = list.length;
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const step = (err?: unknown): void => {
      // 'route' from a middleware means "go on" there as here; 'router' and errors leave the chain
      if (err !== undefined && err !== null && err !== 'route') return done(err);
      if (index === count) return done();
      const handler = list[index++];
      try {
        const out = handler(req, res, step) as unknown;
        if (out && typeof (out as PromiseLike<unknown>).then === 'function') {
          (out as PromiseLike<unknown>).then(undefined, (e: unknown) => done(e ?? new Error('Rejected promise')));
        }
      } catch (e) {
        done(e);
      }
    };
    step();
  };
}
