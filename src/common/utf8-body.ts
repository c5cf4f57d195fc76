import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { InvalidEncodingError } from './errors/api-errors';

/**
 * A body parser `verify` hook: a body declared (or defaulting to) UTF-8 that is not valid UTF-8
 * is refused with 400, instead of being decoded with replacement characters and stored.
 */
export function requireUtf8(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  if (buf.length === 0 || (encoding && encoding.toLowerCase().replace('-', '') !== 'utf8')) return;
  if (isUtf8(buf)) return;
  throw new InvalidEncodingError({
    message: 'The request body is not valid UTF-8',
    description: 'JSON request bodies must be encoded in UTF-8; the body contains byte sequences that are not.',
  });
}
