import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';

/** One page of a list: what a service returns; the interceptor turns it into body + headers. */
export class ListPage<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

/**
 * The `Link` header of a list (reference §3.4): `prev` is the request URL; `next` is the same
 * URL with `offset=N` replaced by `offset=N+limit`, unchanged when the URL had no offset.
 */
export function linkHeader(url: string, limit: number, offset: number): string {
  const next = url.replace(/([?&])offset=[^&]*/, `$1offset=${offset + limit}`);
  return `<${url}>; rel="prev", <${next}>; rel="next"`;
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
        if (req.originalUrl.length <= MAX_LINKED_URL) res.setHeader('Link', linkHeader(req.originalUrl, result.limit, result.offset));
        return result.items;
      }),
    );
  }
}

/** Marks a list handler: its ListPage result becomes the array plus pagination headers. */
export function Paginated(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(ListPageInterceptor),
    ApiHeader({ name: 'X-Total-Count', required: false, description: 'Response header: number of matching records.' }),
    ApiResponse({ status: 400, description: 'Bad list parameter (unknown field or sort, bad filter value).' }),
  );
}
