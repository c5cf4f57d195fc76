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
 * or a NUL character in any key or string. Walks the body without recursion.
 */
export function bodyHygieneError(body: unknown): ValidationError | undefined {
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nulError();
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return new InvalidJsonError({ message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels` });
    }
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return nulError();
      if (child !== null && (typeof child === 'object' || typeof child === 'string')) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

/** Throws bodyHygieneError's answer, if any: for bodies parsed elsewhere (multipart forms). */
export function throwIfUnsafeBody(body: unknown): void {
  const error = bodyHygieneError(body);
  if (error) throw error;
}

function nulError(): ValidationError {
  return new InvalidCharacterError({ message: 'The request body contains a NUL character', source: 'body' });
}
