import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticationError } from '../common/errors/api-errors';
import type { Request } from 'express';
import type { AuthenticatedUser } from './caller';
import { IS_PUBLIC } from './public.decorator';
import { outsideRoomError, ROOM_SCOPED } from './room-scope.decorator';
import { TOKEN_AUTHENTICATOR, TokenAuthenticator } from './token-authenticator';
import { isRoomToken } from '../writers/policy';

/**
 * The client address the audit log records with what the caller does. GET and HEAD requests
 * change nothing audited (the `?override=admin` record takes its own), so they skip working it
 * out (Express's `req.ip` parses X-Forwarded-For on every read: ≈ 0.5 % of a read's CPU).
 */
function auditAddress(req: Request): string | null {
  return req.method === 'GET' || req.method === 'HEAD' ? null : (req.ip ?? null);
}

/**
 * The global guard: every route needs a valid API token unless marked @Public(). The passport
 * strategy 'api-token' authenticates a token the first time this process sees it, and again
 * after every change to tokens, users or profiles; in between, the credentials it loaded are in
 * the CredentialsCache (cleared on every change, in every process), and the guard answers from
 * there with the same checks, without passport's per-request machinery (docs/DECISIONS.md).
 */
@Injectable()
export class TokenGuard extends AuthGuard('api-token') {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: TokenAuthenticator,
  ) {
    super();
  }

  /**
   * Each route's @Public() and @RoomScoped() marks, read once per controller class and handler
   * (decorators are fixed at start-up; a handler inherited by two controllers is two routes).
   */
  private readonly marks = new WeakMap<object, WeakMap<object, { isPublic: boolean; roomScoped: boolean }>>();

  private marksOf(context: ExecutionContext): { isPublic: boolean; roomScoped: boolean } {
    const handler = context.getHandler();
    const cls = context.getClass();
    let byHandler = this.marks.get(cls);
    if (!byHandler) this.marks.set(cls, (byHandler = new WeakMap()));
    let marks = byHandler.get(handler);
    if (!marks) {
      const targets = [handler, cls];
      marks = {
        isPublic: !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
        roomScoped: !!this.reflector.getAllAndOverride<boolean>(ROOM_SCOPED, targets),
      };
      byHandler.set(handler, marks);
    }
    return marks;
  }

  /**
   * Synchronous when the token is in the credentials cache (Nest awaits only a promise): the
   * fast path of every authenticated request (docs/PERFORMANCE.md, issue 19).
   */
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.marksOf(context).isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser } & Record<symbol, unknown>>();
    const known = this.authenticator.fromCache(req.headers.authorization);
    if (known instanceof Promise) return known.then((k) => this.admitKnown(context, req, k));
    if (known === undefined) return this.viaPassport(context, req);
    return this.admitKnown(context, req, known);
  }

  /** A caller the cache knew (or `null`: refused). */
  private admitKnown(context: ExecutionContext, req: Request & { user?: AuthenticatedUser }, known: AuthenticatedUser | null): boolean {
    if (known === null) throw new AuthenticationError();
    known.address = auditAddress(req); // a fresh caller per request
    req.user = known;
    return this.allowsKind(context, known);
  }

  /** A token the cache does not know: the passport strategy checks it (and fills the cache). */
  private async viaPassport(context: ExecutionContext, req: Request & { user?: AuthenticatedUser } & Record<symbol, unknown>): Promise<boolean> {
    // Passport keeps one strategy per name for the whole process; hand it this app's authenticator.
    req[TOKEN_AUTHENTICATOR] = this.authenticator;
    const ok = (await super.canActivate(context)) as boolean;
    if (!ok || !req.user) return ok;
    req.user.address = auditAddress(req);
    return this.allowsKind(context, req.user);
  }

  /** A room-view token is good only on the routes marked @RoomScoped() (403 elsewhere). */
  private allowsKind(context: ExecutionContext, user: AuthenticatedUser): boolean {
    if (!isRoomToken(user)) return true;
    if (this.marksOf(context).roomScoped) return true;
    throw outsideRoomError();
  }

  /**
   * Any refusal of the token, whatever its cause, is the same 401; a failure to check it (the
   * database unreachable, say) is not a refusal and goes on to the exception filter (503).
   */
  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err && !(err instanceof AuthenticationError)) throw err;
    if (err || !user) throw new AuthenticationError();
    return user;
  }
}
