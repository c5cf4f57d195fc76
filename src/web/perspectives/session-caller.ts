import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedUser } from '../../auth/caller';
import { AuthenticationError } from '../../common/errors/api-errors';
import { WebService } from '../web.service';

/** The caller of a page's JSON request, from the session cookie; 401 (the API's body) without one. */
@Injectable()
export class SessionCaller {
  constructor(private readonly web: WebService) {}

  async caller(req: Request): Promise<AuthenticatedUser> {
    const me = await this.web.signedIn(req);
    if (!me) throw new AuthenticationError();
    return me.caller;
  }
}
