import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticationError } from '../common/errors/api-errors';
import { IS_PUBLIC } from './public.decorator';
import { TOKEN_AUTHENTICATOR, TokenAuthenticator } from './token-authenticator';

/** The global guard: every route needs a valid API token unless marked @Public(). */
@Injectable()
export class TokenGuard extends AuthGuard('api-token') {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: TokenAuthenticator,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    // Passport keeps one strategy per name for the whole process; hand it this app's authenticator.
    context.switchToHttp().getRequest<Record<symbol, unknown>>()[TOKEN_AUTHENTICATOR] = this.authenticator;
    return super.canActivate(context);
  }

  /** Any failure, whatever its cause, is the same 401. */
  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err || !user) throw new AuthenticationError();
    return user;
  }
}
