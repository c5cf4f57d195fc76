import { StreamableFile, type NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/** Larger answers go through Express's `res.json` (its Buffer and `writev` suit them). */
const FAST_JSON_MAX_CHARS = 64 * 1024;

/**
 * Nest's Express adapter, with two changes measured on the hot paths (docs/PERFORMANCE.md, issue 19).
 *
 * Its HTTP server makes requests and responses that are born with Express's prototypes
 * (`app.request`, `app.response`). Express gives every request and response those prototypes
 * with `Object.setPrototypeOf` when it starts handling them; on an object that already has them
 * that is a no-op, where changing an object's prototype after its birth made V8 slower on
 * everything Node then did with it (the response's end, the request's clean-up): an
 * authenticated read took 0.58–0.75 × the CPU without it, in a same-run A/B. The objects are the same ones: Node's classes, Express's
 * methods. Not with `httpsOptions` or `forceCloseConnections` (Nest's server then, unused here).
 *
 * It answers a handler's object the way `res.json` does with this app's
 * settings (no ETag, no JSON replacer, spaces or escaping) but without its detours: `res.json`
 * hands the text to `res.send`, which parses and rebuilds the Content-Type it has just set, and
 * turns any text over 1,000 characters into a Buffer to count its bytes (a copy, then two
 * buffers to `writev`). Here: one `JSON.stringify`, the same two headers, and `res.end` with the
 * text, which Node sends in one write with the headers (docs/PERFORMANCE.md, issue 19).
 *
 * Everything else is Express's as before: a handler that set its own Content-Type, a request
 * that could be answered 304 (`If-None-Match`, `If-Modified-Since`), 204/205/304 statuses,
 * errors, streams, nil and primitive bodies, and answers over 64 kB.
 */
export class AppExpressAdapter extends ExpressAdapter {
  private plainJson?: boolean;

  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.setHttpServer(
      createServer({ IncomingMessage: bornWith(IncomingMessage, app.request), ServerResponse: bornWith<typeof ServerResponse>(ServerResponse, app.response) }, app),
    );
  }

  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (body === null || typeof body !== 'object' || body instanceof StreamableFile || body instanceof Error) {
      return super.reply(response, body, statusCode);
    }
    if (statusCode && statusCode !== response.statusCode) response.status(statusCode);
    const req = response.req as Request;
    const status = response.statusCode;
    if (
      response.hasHeader('content-type') ||
      status === 204 ||
      status === 205 ||
      status === 304 ||
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined ||
      !this.jsonIsPlain(response)
    ) {
      return response.json(body);
    }
    const json = JSON.stringify(body) as string | undefined;
    if (typeof json !== 'string') return response.json(body);
    if (json.length > FAST_JSON_MAX_CHARS) {
      response.set('Content-Type', 'application/json'); // what res.json does next (with the charset)
      return response.send(json);
    }
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', String(Buffer.byteLength(json, 'utf8')));
    if (req.method === 'HEAD') return response.end();
    return response.end(json, 'utf8');
  }

  /** Nest sets every route's status before its handler runs; most often it is already that (200). */
  override status(response: Response, statusCode: number): unknown {
    return statusCode === response.statusCode ? response : response.status(statusCode);
  }

  /** Whether Express's JSON settings are the defaults, under which res.json is JSON.stringify (checked once). */
  private jsonIsPlain(response: Response): boolean {
    if (this.plainJson === undefined) {
      const app = response.app;
      this.plainJson =
        app.get('json replacer') === undefined && app.get('json spaces') === undefined && !app.get('json escape') && !app.get('etag fn');
    }
    return this.plainJson;
  }
}

/**
 * A subclass of Node's `base` (IncomingMessage or ServerResponse: constructors written as plain
 * functions) whose instances have `prototype`, which inherits from base's, from their birth.
 * `base` is called on the new object, as Node's own subclasses do: `Reflect.construct` with
 * another `new.target` measured as slow as `Object.setPrototypeOf`. If a future Node makes
 * `base` a class, `base` itself is used and Express sets the prototype as before.
 */
export function bornWith<C extends new (...args: never[]) => object>(base: C, prototype: object): C {
  if (!(prototype instanceof base)) throw new Error(`${base.name}: the prototype given does not inherit from it`);
  if (/^class\b/.test(Function.prototype.toString.call(base))) return base;
  const init = base as unknown as (this: object, a: unknown, b: unknown) => void;
  function Born(this: object, a: unknown, b: unknown): void {
    init.call(this, a, b);
  }
  Born.prototype = prototype;
  return Born as unknown as C;
}
