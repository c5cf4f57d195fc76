import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

/** Larger answers go through Express's `res.json` (its Buffer and `writev` suit them). */
const FAST_JSON_MAX_CHARS = 64 * 1024;

/**
 * Nest's Express adapter, answering a handler's object the way `res.json` does with this app's
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
export class JsonExpressAdapter extends ExpressAdapter {
  private plainJson?: boolean;

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
