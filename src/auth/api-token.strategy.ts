import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthenticationError } from '../common/errors/api-errors';
import type { AuthenticatedUser } from './caller';
import { TokenAuthenticator } from './token-authenticator';

/** Passport strategy 'api-token': the Authorization header only (never a query, body or cookie). */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(private readonly authenticator: TokenAuthenticator) {
    super();
  }

  async validate(req: Request): Promise<AuthenticatedUser> {
    const user = await this.authenticator.authenticate(req.headers.authorization);
    if (!user) throw new AuthenticationError();
    return user;
  }
}
