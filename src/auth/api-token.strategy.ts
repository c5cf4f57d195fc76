import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthenticationError } from '../common/errors/api-errors';
import type { AuthenticatedUser } from './caller';
import { TOKEN_AUTHENTICATOR, TokenAuthenticator } from './token-authenticator';

/** Passport strategy 'api-token': the Authorization header only (never a query, body or cookie). */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(private readonly authenticator: TokenAuthenticator) {
    super();
  }

  async validate(req: Request): Promise<AuthenticatedUser> {
    // Passport's registry is process-wide: with several apps in one process (tests, the CLI, the
    // benchmarks) the last strategy registered wins, so use the authenticator of the request's app.
    const authenticator = ((req as unknown as Record<symbol, unknown>)[TOKEN_AUTHENTICATOR] as TokenAuthenticator | undefined) ?? this.authenticator;
    const user = await authenticator.authenticate(req.headers.authorization);
    if (!user) throw new AuthenticationError();
    return user;
  }
}
