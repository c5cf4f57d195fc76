import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ServerKey } from './server-key';

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
 * under SECRET_KEY. HttpOnly, SameSite=Lax, Secure when served over HTTPS.
 */
@Injectable()
export class SessionService {
  constructor(private readonly key: ServerKey) {}

  start(req: Request, res: Response, userId: string): WebSession {
    const session = { userId, sid: randomBytes(16).toString('base64url') };
    const payload = Buffer.from(JSON.stringify({ u: userId, s: session.sid, e: Date.now() + SESSION_TTL_MS })).toString('base64url');
    res.cookie(SESSION_COOKIE, `${payload}.${this.key.mac('session', payload, 'base64url')}`, {
      ...cookieOptions(req),
      maxAge: SESSION_TTL_MS,
    });
    return session;
  }

  read(req: Request): WebSession | undefined {
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

  end(req: Request, res: Response): void {
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
