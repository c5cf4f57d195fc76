import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';

// Reads the app's own OpenAPI document into a list of operations, and builds plausible values
// from its schemas, so that the security sweep covers whatever routes the app has today.

/** The subset of an OpenAPI 3 schema object the sweep looks at. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  readOnly?: boolean;
  nullable?: boolean;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, ParameterObject> };
}

export interface Param {
  name: string;
  schema: Schema;
  required: boolean;
}

/** One method on one path template, as the document describes it. */
export interface Operation {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  template: string;
  key: string;
  pathParams: Param[];
  queryParams: Param[];
  /** The body schema and its content type, when the operation takes a body. */
  body?: { contentType: string; schema: Schema };
}

export const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? []).map((p) => resolveParam(doc, p));
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({
        method,
        template,
        key: `${method.toUpperCase()} ${template}`,
        pathParams: params.filter((p) => p.in === 'path').map(toParam),
        queryParams: params.filter((p) => p.in === 'query').map(toParam),
        body: contentType ? { contentType, schema: resolve(doc, content[contentType].schema ?? {}) } : undefined,
      });
    }
  }
  return ops;
}

function resolveParam(doc: OpenApiDocument, p: ParameterObject | { $ref: string }): ParameterObject {
  if ('$ref' in p) return doc.components?.parameters?.[p.$ref.split('/').pop()!] ?? { name: 'unknown', in: 'query' };
  return p;
}

function toParam(p: ParameterObject): Param {
  return { name: p.name, schema: p.schema ?? {}, required: !!p.required };
}

/** Follows `$ref` and flattens `allOf` into one schema. */
export function resolve(doc: OpenApiDocument, schema: Schema, depth = 0): Schema {
  if (depth > 10) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {}, depth + 1);
  if (schema.allOf) {
    const merged: Schema = { ...schema, allOf: undefined, properties: { ...schema.properties }, required: [...(schema.required ?? [])] };
    for (const part of schema.allOf.map((s) => resolve(doc, s, depth + 1))) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
      merged.type ??= part.type;
    }
    return merged;
  }
  return schema;
}

/** The first type of a schema ("object" when it has properties). */
export function typeOf(schema: Schema): string | undefined {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  // `string | null` DTO fields are documented as bare objects; their length limits give them away
  if (t === 'object' && !schema.properties && (schema.maxLength !== undefined || schema.minLength !== undefined)) return 'string';
  return t ?? (schema.properties ? 'object' : undefined);
}

let unique = 0;

/**
 * A plausible value for a schema: its example, default or enum, else one built from the type.
 * `requiredOnly` leaves out optional properties (except `isPublished`, set true so that records
 * made from examples can be used by others).
 */
export function exampleOf(doc: OpenApiDocument, raw: Schema, depth = 0, requiredOnly = false): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alt) return exampleOf(doc, alt, depth + 1);
  switch (typeOf(schema) ?? '') {
    case 'object': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const p = resolve(doc, prop);
        if (p.readOnly || p.format === 'binary') continue;
        if (name === 'isPublished' && typeOf(p) === 'boolean') out[name] = true;
        else if (!requiredOnly || schema.required?.includes(name)) out[name] = exampleOf(doc, p, depth + 1, requiredOnly);
      }
      return out;
    }
    case 'array':
      return depth > 4 || !schema.items ? [] : [exampleOf(doc, schema.items, depth + 1, requiredOnly)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return exampleString(schema);
  }
}

function exampleString(schema: Schema): string {
  const s = formattedString(schema);
  const padded = s.length < (schema.minLength ?? 0) ? s.padEnd(schema.minLength!, 'x') : s;
  return schema.maxLength !== undefined ? padded.slice(0, schema.maxLength) : padded;
}

function formattedString(schema: Schema): string {
  switch (schema.format ?? '') {
    case 'uuid':
      return randomUUID();
    case 'date-time':
    case 'date':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'email':
      return `sweep${++unique}@example.com`;
    case 'uri':
    case 'url':
      return 'https://example.com/sweep';
    default:
      return `sweep${++unique}`;
  }
}

/** A regular expression matching concrete paths of a template (`{x}` = one segment), like Express does. */
export function templatePattern(template: string): RegExp {
  const body = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`, 'i');
}

/** Fills a template's parameters, each value URL-encoded. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => safeEncode(values[name] ?? 'sweep-key'));
}

/** encodeURIComponent that survives lone surrogates. */
export function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'));
  }
}

const STACK = /\n\s+at |\bat [\w$.<>]+ \([^)]*:\d+:\d+\)|\.(?:ts|js|mjs|cjs):\d+/;
const SQL =
  /\bSELECT\b[\s\S]{1,200}\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE FROM\b|relation "|violates [\w\s-]*constraint|syntax error at or near|invalid input syntax for|duplicate key value|QueryFailedError|invalid byte sequence|column "[^"]+" (?:of relation|does not exist)/;
const PATH = /\/work\/|\/home\/|\/usr\/(?:lib|local|src)\/|node_modules|\/(?:src|dist)\/[\w/.-]+\.(?:ts|js)\b|[A-Za-z]:\\\\/;

/** Every 8-character piece of the secrets seen so far, to spot any of them in a response. */
export class SecretIndex {
  private readonly pieces = new Set<string>();

  add(secret: string): void {
    const body = secret.replace(/^rfk_/, '');
    for (let i = 0; i + 8 <= body.length; i++) this.pieces.add(body.slice(i, i + 8));
  }

  /** Whether the text holds any 8-character piece of a known secret. */
  leaks(text: string): boolean {
    for (let i = 0; i + 8 <= text.length; i++) if (this.pieces.has(text.slice(i, i + 8))) return true;
    return false;
  }
}

/**
 * What is wrong with an answer (empty = nothing): any answer holding a piece of a known secret
 * or a password hash; an error answer not in the contract's error shape, or holding a stack
 * frame, SQL or a file path.
 */
export function answerProblems(res: Response, secrets: SecretIndex): string[] {
  const problems: string[] = [];
  const text = res.text ?? '';
  if (secrets.leaks(text)) problems.push('token material');
  if (/\$argon2|\$2[aby]\$\d\d\$/.test(text)) problems.push('password hash');
  if (res.status < 400) return problems;
  if (/json/.test(String(res.headers['content-type']))) {
    const errors = (res.body as { errors?: unknown })?.errors;
    const ok = Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof (e as { type?: unknown })?.type === 'string' && typeof (e as { message?: unknown })?.message === 'string');
    if (!ok) problems.push('not the {errors:[{message,type,...}]} shape');
  }
  if (STACK.test(text)) problems.push('stack frame');
  if (SQL.test(text)) problems.push('SQL');
  if (PATH.test(text)) problems.push('file path');
  return problems;
}

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/**
 * The `/v1` operations Express actually serves (Swagger UI and the document itself left out),
 * as `METHOD /path/{param}`: compared with the document so that no route escapes the sweep.
 */
export function servedOperations(expressApp: unknown): string[] {
  const stack = (expressApp as { router?: { stack: RouterLayer[] } }).router?.stack ?? [];
  const out = new Set<string>();
  for (const layer of stack) {
    const path = layer.route?.path;
    if (typeof path !== 'string' || !/^\/v1(\/|$)/.test(path) || /^\/v1\/(docs|api-docs)/.test(path)) continue;
    for (const [method, on] of Object.entries(layer.route!.methods)) {
      if (on && method !== '_all') out.add(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...out];
}
