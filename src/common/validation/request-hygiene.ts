import type { RequestHandler } from 'express';
import { InvalidCharacterError, InvalidJsonError, ValidationError } from '../errors/api-errors';

/** Deeper JSON than this is refused: no API body nests more than a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * A NUL character can never be stored (PostgreSQL text and jsonb reject it), so a request that
 * carries one in its path or query is refused here with a 400 instead of failing in the database.
 */
export function rejectNulInUrl(): RequestHandler {
  return (req, _res, next) => {
    if (req.originalUrl.includes('%00') || req.originalUrl.includes('\u0000')) {
      return next(new InvalidCharacterError({ message: 'The request path or query contains a NUL character', source: 'url' }));
    }
    next();
  };
}

/**
 * Why a parsed JSON body is refused before it reaches validation, or undefined when it is fine:
 * nesting deeper than MAX_JSON_DEPTH (class-transformer recurses and would overflow the stack)
 * or a NUL character in any key or string. Walks the body without recursion (depth first, each
 * container's children pushed in order), and without allocating per value: a bulk upsert body
 * has thousands of them (docs/PERFORMANCE.md).
 */
export function bodyHygieneError(body: unknown): ValidationError | undefined {
  const values: unknown[] = [body];
  const depths: number[] = [0];
  while (values.length) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nulError();
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return new InvalidJsonError({ message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels` });
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(values, depths, value[i], depth + 1); // indexes: no NUL
      continue;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (key.includes('\u0000')) return nulError();
      push(values, depths, (value as Record<string, unknown>)[key], depth + 1);
    }
  }
  return undefined;
}

/** Strings and containers are walked; numbers, booleans and null need no check. */
function push(values: unknown[], depths: number[], child: unknown, depth: number): void {
  if (child !== null && (typeof child === 'object' || typeof child === 'string')) {
    values.push(child);
    depths.push(depth);
  }
}

/** Throws bodyHygieneError's answer, if any: for bodies parsed elsewhere (multipart forms). */
export function throwIfUnsafeBody(body: unknown): void {
  const error = bodyHygieneError(body);
  if (error) throw error;
}

function nulError(): ValidationError {
  return new InvalidCharacterError({ message: 'The request body contains a NUL character', source: 'body' });
}
