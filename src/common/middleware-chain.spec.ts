import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { middlewareChain } from './middleware-chain';
import { staticHeaders } from '../cors/security-headers';

const req = {} as Request;
const res = {} as Response;

function run(chain: RequestHandler): Promise<unknown> {
  return new Promise((resolve) => chain(req, res, ((err?: unknown) => resolve(err ?? 'done')) as NextFunction));
}

describe('middlewareChain', () => {
  it('runs the middleware in order, then goes on', async () => {
    const seen: number[] = [];
    const mw = (n: number): RequestHandler => (_q, _s, next) => {
      seen.push(n);
      next();
    };
    expect(await run(middlewareChain([mw(1), mw(2), mw(3)]))).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at an error passed to next, thrown, or rejected, and hands it on', async () => {
    const after = jest.fn();
    const boom = new Error('boom');
    expect(await run(middlewareChain([(_q, _s, next) => next(boom), after]))).toBe(boom);
    expect(await run(middlewareChain([() => { throw boom; }, after]))).toBe(boom);
    expect(await run(middlewareChain([() => Promise.reject(boom) as unknown as void, after]))).toBe(boom);
    expect(after).not.toHaveBeenCalled();
  });

  it("treats next('route') as going on, as separate layers would", async () => {
    const after = jest.fn((_q: Request, _s: Response, next: NextFunction) => next());
    expect(await run(middlewareChain([(_q, _s, next) => next('route'), after]))).toBe('done');
    expect(after).toHaveBeenCalled();
  });

  it('ends with a middleware that answers without calling next', () => {
    const done = jest.fn();
    const after = jest.fn();
    middlewareChain([() => undefined, after])(req, res, done);
    expect(after).not.toHaveBeenCalled();
    expect(done).not.toHaveBeenCalled();
  });
});

describe('staticHeaders', () => {
  it("records what helmet sets, in helmet's order", () => {
    const [names, values] = staticHeaders(helmet({ contentSecurityPolicy: false, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } }));
    expect(names).toContain('X-Frame-Options');
    expect(values[names.indexOf('X-Frame-Options')]).toBe('DENY');
    expect(names).not.toContain('Content-Security-Policy');
  });

  it('refuses a middleware whose headers depend on the request', () => {
    const perRequest: RequestHandler = (q, s, next) => {
      s.setHeader('X-Id', String(q.headers['x-id']));
      next();
    };
    expect(() => staticHeaders(perRequest)).toThrow(/read the request/);
  });
});
