import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Handler parameter: the API token of the request as sent (raw or `Bearer …`). Only the
 * heartbeat uses it: the collector decrypts secret context values with its own token.
 */
export const RawToken = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const header = ctx.switchToHttp().getRequest<Request>().headers.authorization ?? '';
  return header.replace(/^Bearer\s+/i, '').trim();
});
