import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ADMIN_PROFILE } from '../profiles/profile.entity';
import type { TokenKind } from '../tokens/token-kind';

/** The authenticated user behind a request: from the database, or the credentials cache that every change clears. */
export interface AuthenticatedUser {
  id: string;
  name: string;
  email: string;
  profileName: string;
  isAdmin: boolean;
  /** The API token used for this request ('' for a web page's session). */
  tokenId: string;
  /** What that token stands for; `session` for a web page's signed-in session. */
  tokenKind: TokenKind | 'session';
  /** The collector, generator, bot or room the token was issued for; null otherwise. */
  tokenBoundId: string | null;
  /**
   * The client address of the request (Express `req.ip`, TRUST_PROXY aware), which the audit
   * log records with what the caller does; null when not known, and on API GET and HEAD
   * requests, which change nothing audited (token.guard.ts).
   */
  address?: string | null;
}

/** How a request was authenticated: its token, or a web page's session (no token). */
export type CallerCredentials = Pick<AuthenticatedUser, 'tokenId' | 'tokenKind' | 'tokenBoundId'>;
export const SESSION_CREDENTIALS: CallerCredentials = { tokenId: '', tokenKind: 'session', tokenBoundId: null };

/** The one way a caller is built from a user and its profile (admin = profile Admin, any case). */
export function callerOf(
  user: { id: string; name: string; email: string; profileName: string },
  via: CallerCredentials,
  address: string | null = null,
): AuthenticatedUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    profileName: user.profileName,
    isAdmin: user.profileName.toLowerCase() === ADMIN_PROFILE.toLowerCase(),
    tokenId: via.tokenId,
    tokenKind: via.tokenKind,
    tokenBoundId: via.tokenBoundId,
    address,
  };
}

/** Handler parameter: the authenticated caller (set by the global token guard as `req.user`). */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});

/** Is the request asking for the admin override (`?override=admin`)? Any other value is no override. */
export function parseOverride(query: unknown): boolean {
  if (!query || typeof query !== 'object') return false;
  const value = (query as Record<string, unknown>).override;
  if (Array.isArray(value)) return value.includes('admin');
  return value === 'admin';
}

/**
 * Handler parameter: true when the request asks for the admin override (`?override=admin`). Only
 * the asking is parsed here; whether the caller may use it is the writers policy's decision.
 */
export const Override = createParamDecorator((_data: unknown, ctx: ExecutionContext): boolean => {
  return parseOverride(ctx.switchToHttp().getRequest<{ query?: unknown }>().query);
});
