import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors, applyDecorators } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { ApiListQuery } from './api-docs';
import { ListPage, type ListSpec } from './list-query';

export { ListPage };

/** `url` with its `offset` parameter(s) replaced by `offset=<offset>`; every other parameter kept as sent. */
function withOffset(url: string, offset: number): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const params = q < 0 ? [] : url.slice(q + 1).split('&').filter((p) => p && p.split('=')[0] !== 'offset');
  return `${path}?${[...params, `offset=${offset}`].join('&')}`;
}

/**
 * The `Link` header of a list page (RFC 8288): `next` when records follow this page, `prev`
 * when records precede it, each the request URL with `offset` moved by `limit`; undefined for
 * a single page. A client that follows `next` reads every record once and then stops.
 */
export function linkHeader(url: string, limit: number, offset: number, total: number): string | undefined {
  const links: string[] = [];
  if (offset > 0) links.push(`<${withOffset(url, Math.max(0, offset - limit))}>; rel="prev"`);
  if (offset + limit < total) links.push(`<${withOffset(url, offset + limit)}>; rel="next"`);
  return links.length ? links.join(', ') : undefined;
}

const MAX_LINKED_URL = 2048;

/** Sets `X-Total-Count` and `Link` (left out for URLs over 2048 characters) and answers with the bare array. */
@Injectable()
export class ListPageInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof ListPage)) return result;
        res.setHeader('X-Total-Count', String(result.total));
        // the header repeats the URL twice: for very long URLs it would outgrow clients' and proxies' header limits
        const link = req.originalUrl.length <= MAX_LINKED_URL ? linkHeader(req.originalUrl, result.limit, result.offset, result.total) : undefined;
        if (link) res.setHeader('Link', link);
        return result.items;
      }),
    );
  }
}

/**
 * Marks a list handler: its ListPage result becomes the array plus `X-Total-Count` and `Link`;
 * the document lists `limit`, `offset`, `sort`, `fields` and the given filters as parameters.
 */
export function Paginated(filters: ListSpec | readonly string[] = []): MethodDecorator {
  const names = isSpec(filters) ? Object.keys(filters.columns).filter((n) => filters.columns[n].filter !== false) : filters;
  return applyDecorators(UseInterceptors(ListPageInterceptor), ApiListQuery(names));
}

function isSpec(f: ListSpec | readonly string[]): f is ListSpec {
  return !Array.isArray(f);
}
