import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ServerKey } from './server-key';
import { SessionsRepository } from './sessions.repository';

export const SESSION_COOKIE = 'rfk_session';
const LOGIN_CSRF_COOKIE = 'rfk_login_csrf';
const SESSION_TTL_MS = 8 * 3600_000;

/** A verified web session: who, and the random id that CSRF tokens are bound to. */
export interface WebSession {
  userId: string;
  sid: string;
}

/**
 * Signed session cookies for the web pages (never accepted by /v1): `payload.mac`, where the
 * payload holds the user id, a random session id and the expiry, and the mac is HMAC-SHA-256
 * under SECRET_KEY. HttpOnly, SameSite=Lax, Secure when served over HTTPS. Each session also
 * has a row in web_sessions: signing out deletes it, so a copied cookie dies with the session.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly key: ServerKey,
    private readonly sessions: SessionsRepository,
  ) {}

  async start(req: Request, res: Response, userId: string): Promise<WebSession> {
    const session = { userId, sid: randomBytes(16).toString('base64url') };
    await this.sessions.insert(session.sid, userId, SESSION_TTL_MS / 1000);
    // Expired rows of anyone are swept now and then, as sign-ins happen.
    if (Math.random() < 0.05) await this.sessions.removeExpired();
    const payload = Buffer.from(JSON.stringify({ u: userId, s: session.sid, e: Date.now() + SESSION_TTL_MS })).toString('base64url');
    res.cookie(SESSION_COOKIE, `${payload}.${this.key.mac('session', payload, 'base64url')}`, {
      ...cookieOptions(req),
      maxAge: SESSION_TTL_MS,
    });
    return session;
  }

  /** The session of a valid cookie whose server-side record is still there, else undefined. */
  async read(req: Request): Promise<WebSession | undefined> {
    const claimed = this.verifyCookie(req);
    if (!claimed) return undefined;
    return (await this.sessions.isLive(claimed.sid, claimed.userId)) ? claimed : undefined;
  }

  private verifyCookie(req: Request): WebSession | undefined {
    const raw = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    if (typeof raw !== 'string' || raw.length > 1024) return undefined;
    const [payload, mac] = raw.split('.');
    if (!payload || !mac || !ServerKey.same(mac, this.key.mac('session', payload, 'base64url'))) return undefined;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; s?: unknown; e?: unknown };
      if (typeof data.u !== 'string' || typeof data.s !== 'string' || typeof data.e !== 'number') return undefined;
      if (data.e <= Date.now()) return undefined;
      return { userId: data.u, sid: data.s };
    } catch {
      return undefined;
    }
  }

  async end(req: Request, res: Response): Promise<void> {
    const claimed = this.verifyCookie(req);
    if (claimed) await this.sessions.remove(claimed.sid);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
  }

  /** The CSRF token of a signed-in session's forms. */
  csrfToken(session: WebSession): string {
    return this.key.mac('csrf', session.sid, 'base64url');
  }

  /** A CSRF token for the sign-in form, bound to a random cookie (double submit, signed). */
  loginCsrfToken(req: Request, res: Response): string {
    let nonce = (req.cookies as Record<string, unknown> | undefined)?.[LOGIN_CSRF_COOKIE];
    if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) {
      nonce = randomBytes(16).toString('base64url');
      res.cookie(LOGIN_CSRF_COOKIE, nonce, cookieOptions(req));
    }
    return this.key.mac('login-csrf', nonce as string, 'base64url');
  }

  checkLoginCsrf(req: Request, token: unknown): boolean {
    const nonce = (req.cookies as Record<string, unknown> | undefined)?.[LOGIN_CSRF_COOKIE];
    return typeof nonce === 'string' && typeof token === 'string' && ServerKey.same(token, this.key.mac('login-csrf', nonce, 'base64url'));
  }

  checkCsrf(session: WebSession, token: unknown): boolean {
    return typeof token === 'string' && ServerKey.same(token, this.csrfToken(session));
  }
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/' };
}
