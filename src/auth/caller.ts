import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated user behind a request: from the database, or the credentials cache that every change clears. */
export interface AuthenticatedUser {
  id: string;
  name: string;
  email: string;
  profileName: string;
  isAdmin: boolean;
  /** The API token used for this request. */
  tokenId: string;
}

/** Handler parameter: the authenticated caller (set by the global token guard as `req.user`). */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
