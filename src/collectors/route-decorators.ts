import { applyDecorators, Delete, Get, HttpCode } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiParamOptions,
} from '@nestjs/swagger';
import type { ListSpec } from '../common/list-query';
import { Paginated } from '../common/pagination';
import { RequireWriter } from '../writers/require-writer.decorator';
import type { ResourceKind } from '../writers/resource-kind';

/** A record of these resources in the document: free-form (the fields are described in the README). */
export const RECORD_SCHEMA = { type: 'object', additionalProperties: true } as const;

/** The path parameter `key` of a resource (id, or name exact, any case). */
export function keyParam(noun: string, extra = ''): ApiParamOptions {
  return { name: 'key', description: `${noun} id, or name (exact, any case)${extra}.` };
}

/** What a write may be refused for, beyond the writers policy. */
export interface WriteDocs {
  summary: string;
  description?: string;
  bad?: string;
  conflict?: string;
}

/** `GET /`: a paged list with the spec's filters. */
export function ListRoute(noun: string, spec: ListSpec): MethodDecorator {
  return applyDecorators(
    Get(),
    Paginated(spec),
    ApiOperation({ summary: `List ${noun}s` }),
    ApiOkResponse({ description: `${noun}s, with X-Total-Count`, schema: { type: 'array', items: RECORD_SCHEMA } }),
  );
}

/** `GET /:key`: one record. */
export function GetRoute(noun: string, key: ApiParamOptions): MethodDecorator {
  return applyDecorators(
    Get(':key'),
    ApiOperation({ summary: `Get a ${noun}` }),
    ApiParam(key),
    ApiOkResponse({ description: `The ${noun}`, schema: RECORD_SCHEMA }),
    ApiNotFoundResponse({ description: `No such ${noun}.` }),
  );
}

/** A write on `/:key…` the caller must be a writer of the record for (404 unknown, 403 refused). */
export function WriterRoute(kind: ResourceKind, route: MethodDecorator, key: ApiParamOptions, docs: WriteDocs): MethodDecorator {
  return applyDecorators(
    route,
    RequireWriter(kind, 'key'),
    ApiOperation({ summary: docs.summary, description: docs.description }),
    ApiParam(key),
    ApiOkResponse({ description: 'The record after the change', schema: RECORD_SCHEMA }),
    ...(docs.bad ? [ApiBadRequestResponse({ description: docs.bad })] : []),
    ...(docs.conflict ? [ApiConflictResponse({ description: docs.conflict })] : []),
  );
}

/** `DELETE /:key` answering the deleted record. */
export function DeleteRoute(kind: ResourceKind, noun: string, key: ApiParamOptions, description?: string): MethodDecorator {
  return applyDecorators(WriterRoute(kind, Delete(':key'), key, { summary: `Delete a ${noun}`, description }), HttpCode(200));
}
