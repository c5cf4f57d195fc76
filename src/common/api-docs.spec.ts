import { Controller, Get, Post } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiErrors, finishDocument } from './api-docs';

const API_EXTENSION = 'swagger/apiExtension';

function doc(paths: Record<string, Record<string, unknown>>): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths } as unknown as OpenAPIObject;
}

describe('finishDocument', () => {
  it('documents 401/403 on guarded operations, 404 for path keys, 400/413 for bodies, 400 for query parameters, all with the error schema', () => {
    const d = finishDocument(
      doc({
        '/v1/things/{key}': {
          put: { parameters: [{ in: 'path', name: 'key' }], requestBody: {}, responses: { 200: { description: 'ok' } } },
          get: { parameters: [{ in: 'path', name: 'key' }, { in: 'query', name: 'fields' }], responses: { 200: { description: 'ok' }, 404: { description: 'No such thing' } } },
        },
      }),
    );
    const put = d.paths['/v1/things/{key}'].put!;
    expect(Object.keys(put.responses).sort()).toEqual(['200', '400', '401', '403', '404', '413']);
    expect(put.responses['401']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } } });
    const get = d.paths['/v1/things/{key}'].get!;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(get.responses['404']).toMatchObject({ description: 'No such thing' }); // a handler's own description is kept
  });

  it('leaves 401/403 off public operations and gives them no security; adds the list headers and extra statuses', () => {
    const d = finishDocument(
      doc({
        '/v1/open': { post: { 'x-public': true, requestBody: {}, responses: { 201: { description: 'made' } }, 'x-error-statuses': [409, 429] } },
        '/v1/list': { get: { 'x-paginated': true, parameters: [{ in: 'query', name: 'limit' }], responses: { 200: { description: 'list' } } } },
      }),
    );
    const open = d.paths['/v1/open'].post!;
    expect(open.security).toEqual([]);
    expect(Object.keys(open.responses).sort()).toEqual(['201', '400', '409', '413', '429']);
    expect(open).not.toHaveProperty('x-error-statuses');
    expect(Object.keys((d.paths['/v1/list'].get!.responses['200'] as { headers: object }).headers)).toEqual(['X-Total-Count', 'Link']);
  });
});

describe('ApiErrors', () => {
  it('merges a class-wide list with a handler\'s own', () => {
    @ApiErrors(429)
    @Controller('x')
    class X {
      @Get()
      @ApiErrors(409)
      a(): void {}

      @Post()
      b(): void {}
    }
    const ext = (fn: unknown) => (Reflect.getMetadata(API_EXTENSION, fn as object) as Record<string, number[]>)['x-error-statuses'];
    expect(ext(X.prototype.a).sort()).toEqual([409, 429]);
    expect(ext(X.prototype.b)).toEqual([429]);
  });
});
