import express from 'express';
import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import request from 'supertest';
import { AppExpressAdapter, bornWith } from './app-express-adapter';

/** The adapter's answers are byte for byte what res.json gives (the app's settings: no ETag). */
function appWith(reply: 'fast' | 'express', body: unknown, before?: (res: express.Response) => void) {
  const adapter = new AppExpressAdapter();
  const app = adapter.getInstance<express.Express>();
  app.set('etag', false);
  app.all('/x', (_req, res) => {
    before?.(res);
    if (reply === 'fast') adapter.reply(res, body, 200);
    else res.status(200).json(body);
  });
  return app;
}

const BODIES: unknown[] = [{ a: 1, é: 'ü', nested: [1, { b: null }] }, [1, 2, 3], { big: 'x'.repeat(70 * 1024) }, { when: new Date(0) }];

describe('AppExpressAdapter.reply', () => {
  it.each(BODIES.map((b, i) => [i, b]))('answers body %i as res.json does', async (_i, body) => {
    for (const method of ['get', 'head'] as const) {
      const [fast, plain] = await Promise.all([request(appWith('fast', body))[method]('/x'), request(appWith('express', body))[method]('/x')]);
      expect(fast.status).toBe(plain.status);
      expect(fast.headers['content-type']).toBe(plain.headers['content-type']);
      expect(fast.headers['content-length']).toBe(plain.headers['content-length']);
      expect(fast.text).toEqual(plain.text);
    }
  });

  it("keeps a Content-Type the handler set, and Express's answer to a conditional request", async () => {
    const typed = await request(appWith('fast', { a: 1 }, (res) => res.type('application/vnd.x+json'))).get('/x');
    expect(typed.headers['content-type']).toBe('application/vnd.x+json; charset=utf-8');
    const etagged = appWith('fast', { a: 1 }, (res) => res.setHeader('ETag', '"v1"'));
    expect((await request(etagged).get('/x').set('If-None-Match', '"v1"')).status).toBe(304);
  });
});

describe('AppExpressAdapter.initHttpServer', () => {
  it("makes requests and responses that have Express's prototypes from their birth", async () => {
    const adapter = new AppExpressAdapter();
    const app = adapter.getInstance<express.Express>();
    app.get('/x', (req, res) => {
      res.json({ ip: typeof req.ip, path: req.path, locals: typeof res.locals });
    });
    adapter.initHttpServer({});
    const server = adapter.getHttpServer() as Server;
    const born: boolean[] = [];
    // Before Express sees them (it would set the prototypes itself).
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      born.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
      born.push(req instanceof IncomingMessage, res instanceof ServerResponse);
    });
    const res = await request(server).get('/x');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ip: 'string', path: '/x', locals: 'object' });
    expect(born).toEqual([true, true, true, true]);
  });
});

describe('bornWith', () => {
  it("gives a plain-function constructor's instances the prototype at birth, and leaves a class as it is", () => {
    function Base(this: { a?: unknown }, a: unknown) {
      this.a = a;
    }
    const proto = Object.create(Base.prototype as object) as object;
    const Born = bornWith(Base as unknown as new (a: unknown) => { a?: unknown }, proto);
    const o = new Born(1);
    expect(Object.getPrototypeOf(o)).toBe(proto);
    expect(o.a).toBe(1);

    class Klass {}
    expect(bornWith(Klass, Object.create(Klass.prototype) as object)).toBe(Klass);
    expect(() => bornWith(Klass, {})).toThrow(/does not inherit/);
  });
});
