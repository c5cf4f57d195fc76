import { applyDecorators } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ApiExtension, ApiExtraModels, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** One item of the error body (CONTRACT §8). */
export class ErrorItemDto {
  @ApiProperty({ example: 'Authentication Failed' })
  message!: string;

  @ApiProperty({ example: 'AuthenticationError' })
  type!: string;

  @ApiProperty({ example: 'ApiToken', description: 'The field or parameter at fault, or ""' })
  source!: string;

  @ApiProperty({ description: 'The value at fault, or ""', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  value!: unknown;

  @ApiProperty({ example: 'Authentication Failed' })
  description!: string;
}

/** The body of every 4xx / 5xx answer of the API. */
export class ErrorBodyDto {
  @ApiProperty({ type: [ErrorItemDto] })
  errors!: ErrorItemDto[];
}

/** What each error status means, used where an operation documents it without a description. */
export const ERROR_STATUS_TEXT: Record<number, string> = {
  400: 'ValidationError / SCHEMA_VALIDATION_FAILED: a parameter or body property breaks a rule (each named in `source`); unknown body properties are refused',
  401: 'AuthenticationError: no token, or an unknown, revoked or expired one (WWW-Authenticate: Bearer)',
  403: 'ForbiddenError: known caller, not allowed (not a writer, not an admin, …)',
  404: 'ResourceNotFoundError: no record with that key',
  409: 'DuplicateResourceError: a record with that name exists (any case)',
  413: 'PayloadTooLargeError: the body is over the size limit',
  429: 'TooManyRequestsError: throttled; see Retry-After',
  503: 'ServiceUnavailableError: the database does not answer',
};

/** @nestjs/swagger's metadata key for ApiExtension (DECORATORS.API_EXTENSION). */
const API_EXTENSION = 'swagger/apiExtension';
const X_ERRORS = 'x-error-statuses';
const X_PUBLIC = 'x-public';
const X_PAGINATED = 'x-paginated';

/**
 * Class decorator for a resource's controller: its one tag (lower-case plural, e.g. `collectors`)
 * and the error schema. With it, finishDocument() documents 401/403 (unless @Public()), 400 and
 * 413 (operations with a body), 400 (operations with query parameters) and 404 (path keys) on
 * every operation; add any other status a handler can answer with @ApiErrors(409, 429, …).
 */
export function ApiResource(tag: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiExtraModels(ErrorBodyDto, ErrorItemDto));
}

/** Documents more error statuses of one operation (or every operation of a class), with the error schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const add = (fn: object) => {
    const ext = (Reflect.getMetadata(API_EXTENSION, fn) as Record<string, unknown> | undefined) ?? {};
    const merged = [...new Set([...((ext[X_ERRORS] as number[] | undefined) ?? []), ...statuses])];
    Reflect.defineMetadata(API_EXTENSION, { ...ext, [X_ERRORS]: merged }, fn);
  };
  // merged, not replaced: a class-wide @ApiErrors and a handler's own both count
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) return add(descriptor.value as object);
    const proto = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name !== 'constructor' && typeof fn === 'function' && Reflect.hasMetadata(METHOD_METADATA, fn)) add(fn);
    }
  }) as MethodDecorator & ClassDecorator;
}

/** Marks an operation (or a class) as needing no token in the OpenAPI document; @Public() applies it. */
export function ApiPublic(): MethodDecorator & ClassDecorator {
  return ApiExtension(X_PUBLIC, true) as MethodDecorator & ClassDecorator;
}

const LIST_PARAMS = [
  { name: 'limit', type: 'integer', minimum: 1, maximum: 10000, description: 'Page size (1–10000, default 10000)' },
  { name: 'offset', type: 'integer', minimum: 0, description: 'Records to skip (default 0)' },
  { name: 'sort', type: 'string', description: 'Comma-separated field names; `-name` sorts descending' },
  { name: 'fields', type: 'string', description: 'Comma-separated field names to return (`id` always comes back)' },
] as const;

/**
 * A list operation's query parameters: `limit`, `offset`, `sort`, `fields`, then each filter
 * (string filters take `*` wildcards; `tags` takes a,b or -a,-b). Marks the answer as paginated
 * so that finishDocument() documents `X-Total-Count` and `Link` as response headers.
 */
export function ApiListQuery(filters: readonly string[] = []): MethodDecorator {
  return applyDecorators(
    ApiExtension(X_PAGINATED, true),
    ...LIST_PARAMS.map(({ name, description, ...schema }) => ApiQuery({ name, required: false, description, schema: { ...schema } })),
    ...filters.map((name) =>
      ApiQuery({
        name,
        required: false,
        schema: { type: 'string' },
        description: name === 'tags' ? 'a,b: any of these tags; -a,-b: none of them' : 'Filter; `*` matches any characters; a,b matches either',
      }),
    ),
  );
}

type Op = {
  parameters?: { in?: string; $ref?: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: unknown; headers?: Record<string, unknown> }>;
  security?: Record<string, string[]>[];
  tags?: string[];
  [ext: `x-${string}`]: unknown;
};

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } };
const LIST_HEADERS = {
  'X-Total-Count': { description: 'Number of records matching the filters (all pages)', schema: { type: 'integer' } },
  Link: { description: '`<…>; rel="next"` when more records follow, `<…>; rel="prev"` when earlier ones exist', schema: { type: 'string' } },
};
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** The error statuses an operation can answer with, from what it takes and the marks it carries. */
function errorStatuses(op: Op): number[] {
  const statuses = new Set<number>((op[X_ERRORS] as number[] | undefined) ?? []);
  if (!op[X_PUBLIC]) [401, 403].forEach((s) => statuses.add(s));
  const params = op.parameters ?? [];
  if (params.some((p) => p.in === 'path')) statuses.add(404);
  if (op.requestBody) [400, 413].forEach((s) => statuses.add(s));
  if (params.some((p) => p.in === 'query')) statuses.add(400);
  for (const code of Object.keys(op.responses)) if (Number(code) >= 400) statuses.add(Number(code));
  return [...statuses].sort();
}

/**
 * Completes the generated document so that it says what the server does: every error status
 * each operation can answer, with the error schema; public operations without security; list
 * answers with `X-Total-Count` and `Link` headers. Called once by setupSwagger().
 */
export function finishDocument(doc: OpenAPIObject, bodyTypes: readonly unknown[] = []): OpenAPIObject {
  documentValidationRules(doc, bodyTypes);
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Op | undefined;
      if (!op) continue;
      if (op[X_PUBLIC]) op.security = [];
      for (const status of errorStatuses(op)) {
        const existing = op.responses[status] ?? {};
        // the health check's 503 has its own body ({status}); every other error is the contract's
        const content = status === 503 && existing.content ? existing.content : ERROR_CONTENT;
        op.responses[status] = { ...existing, description: existing.description || ERROR_STATUS_TEXT[status] || 'Error', content };
      }
      const ok = op.responses['200'];
      if (op[X_PAGINATED] && ok) ok.headers = { ...ok.headers, ...LIST_HEADERS };
      delete op[X_ERRORS];
      delete op[X_PAGINATED];
    }
  }
  return doc;
}

type PropSchema = { type?: string; minLength?: number; maxLength?: number; format?: string; pattern?: string; minimum?: number; maximum?: number; items?: PropSchema; $ref?: string };

/** What one class-validator rule says about a property, in OpenAPI terms (undefined: nothing to say). */
function schemaOf(meta: ValidationMetadata, prop: PropSchema): Partial<PropSchema> | undefined {
  const c = meta.constraints ?? [];
  switch (meta.name ?? '') {
    case 'isNotEmpty':
      return prop.type === 'string' ? { minLength: 1 } : undefined;
    case 'minLength':
      return { minLength: Number(c[0]) };
    case 'maxLength':
      return { maxLength: Number(c[0]) };
    case 'isLength':
      return { minLength: Number(c[0]), ...(c[1] !== undefined ? { maxLength: Number(c[1]) } : {}) };
    case 'isEmail':
      return { format: 'email' };
    case 'isUuid':
      return { format: 'uuid' };
    case 'matches':
      return { pattern: c[0] instanceof RegExp ? c[0].source : String(c[0]) };
    case 'isInt':
      return { type: 'integer' };
    case 'min':
      return { minimum: Number(c[0]) };
    case 'max':
      return { maximum: Number(c[0]) };
    default:
      return undefined;
  }
}

/**
 * Writes the DTOs' class-validator rules into their schemas (minLength for @IsNotEmpty, email,
 * uuid, pattern, integer, bounds) where the schema does not say it already: the document then
 * states what the server enforces, so that generated clients and Try it out agree with it.
 */
export function documentValidationRules(doc: OpenAPIObject, bodyTypes: readonly unknown[] = []): void {
  const storage = getMetadataStorage();
  const targets = (storage as unknown as { validationMetadatas?: Map<unknown, unknown> }).validationMetadatas;
  const schemas = (doc.components?.schemas ?? {}) as Record<string, { properties?: Record<string, PropSchema> }>;
  // classes with rules of their own, and the handlers' body types (mapped types such as
  // PartialType(X) inherit their rules from a parent class the storage lists instead)
  for (const target of new Set([...(targets?.keys() ?? []), ...bodyTypes])) {
    if (typeof target !== 'function' || !schemas[target.name]?.properties) continue;
    const props = schemas[target.name].properties!;
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const prop = props[meta.propertyName];
      const into = meta.each ? prop?.items : prop;
      if (!into || into.$ref) continue;
      const rule = schemaOf(meta, into);
      for (const [k, v] of Object.entries(rule ?? {})) {
        // a given value wins, except that a whole number is the stricter word for a number
        if ((into as Record<string, unknown>)[k] === undefined || (k === 'type' && into.type === 'number')) (into as Record<string, unknown>)[k] = v;
      }
    }
  }
}
