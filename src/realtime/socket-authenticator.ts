import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'socket.io';
import type { AuthenticatedUser } from '../auth/caller';
import { SESSION_COOKIE, SessionService } from '../auth/session.service';
import { TokenAuthenticator } from '../auth/token-authenticator';
import { AppConfig } from '../config/app-config';
import { RealtimeRepository } from './realtime.repository';
import { isRoomToken } from '../writers/policy';

/** What a realtime connection authenticated with, kept to re-check it while connected. */
export type RealtimeCredentials = { kind: 'token'; header: string } | { kind: 'session'; sid: string };

/** A connection's caller and the credentials it came with. */
export interface RealtimeIdentity {
  user: AuthenticatedUser;
  credentials: RealtimeCredentials;
}

/** What a handshake (or an SSE request) offers: headers, and socket.io's `auth` object. */
export interface HandshakeLike {
  headers: IncomingHttpHeaders;
  auth?: Record<string, unknown>;
}

interface Watch {
  credentials: RealtimeCredentials;
  revoked: () => void;
}

/**
 * Authenticates realtime connections for every gateway (and the SSE routes) the way the HTTP
 * guard does: a token as `auth.token` (raw or `Bearer …`) or in the `Authorization` header,
 * through the same TokenAuthenticator; else the web session cookie. Never the query string.
 *
 * While connected, the credentials are re-checked every REALTIME_AUTH_CHECK_MS: tokens through
 * the credentials cache (cleared in every process on any change to tokens, users or profiles, so
 * a re-check costs nothing until something changed), sessions with one query for all of this
 * process's session connections. Revoked → the connection is closed.
 */
@Injectable()
export class SocketAuthenticator implements OnModuleDestroy {
  private readonly watches = new Set<Watch>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly tokens: TokenAuthenticator,
    private readonly sessions: SessionService,
    private readonly repo: RealtimeRepository,
    private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.watches.clear();
  }

  /** The caller behind a handshake, or undefined. */
  async authenticate(handshake: HandshakeLike): Promise<RealtimeIdentity | undefined> {
    const offered = handshake.auth?.token;
    const header = typeof offered === 'string' ? offered : handshake.headers.authorization;
    if (typeof header === 'string' && header.trim()) {
      const user = await this.tokens.authenticate(header);
      return user ? { user, credentials: { kind: 'token', header } } : undefined;
    }
    const cookieHeader = handshake.headers.cookie;
    if (!cookieHeader || !cookieHeader.includes(SESSION_COOKIE)) return undefined;
    const session = await this.sessions.read({ cookies: { [SESSION_COOKIE]: cookieValue(cookieHeader, SESSION_COOKIE) } } as unknown as Request);
    if (!session) return undefined;
    const user = await this.repo.sessionUser(session.userId);
    return user ? { user, credentials: { kind: 'session', sid: session.sid } } : undefined;
  }

  /**
   * socket.io middleware for any namespace: refuses a handshake without valid credentials
   * (`connect_error` "Unauthorized"), else sets `socket.data.user` and closes the socket when
   * the credentials stop being valid.
   */
  middleware(): (socket: Socket, next: (err?: Error) => void) => void {
    return (socket, next) => {
      this.authenticate(socket.handshake as HandshakeLike).then(
        (identity) => {
          // a room-view token is good only on its room's HTTP routes (@RoomScoped), never for a feed
          if (!identity || isRoomToken(identity.user)) return next(new Error('Unauthorized'));
          (socket.data as { user?: AuthenticatedUser }).user = identity.user;
          const stop = this.watch(identity.credentials, () => socket.disconnect(true));
          socket.once('disconnect', stop);
          next();
        },
        () => next(new Error('Unauthorized')),
      );
    };
  }

  /** Calls `revoked` (once) when `credentials` stop being valid; returns the function that stops watching. */
  watch(credentials: RealtimeCredentials, revoked: () => void): () => void {
    const w: Watch = { credentials, revoked };
    this.watches.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.config.realtimeAuthCheckMs);
      this.timer.unref();
    }
    return () => {
      this.watches.delete(w);
    };
  }

  /** Re-checks every watched credential (each distinct token once; all sessions in one query). */
  async check(): Promise<void> {
    if (this.checking || !this.watches.size) return;
    this.checking = true;
    try {
      const byToken = new Map<string, Watch[]>();
      const bySession = new Map<string, Watch[]>();
      for (const w of this.watches) {
        const key = w.credentials.kind === 'token' ? w.credentials.header : w.credentials.sid;
        const map = w.credentials.kind === 'token' ? byToken : bySession;
        map.set(key, [...(map.get(key) ?? []), w]);
      }
      const dead: Watch[] = [];
      for (const [header, ws] of byToken) if (!(await this.tokens.authenticate(header).catch(() => true))) dead.push(...ws);
      if (bySession.size) {
        const alive = await this.repo.liveSessions([...bySession.keys()]).catch(() => null);
        if (alive) for (const [sid, ws] of bySession) if (!alive.has(sid)) dead.push(...ws);
      }
      for (const w of dead) {
        this.watches.delete(w);
        w.revoked();
      }
    } finally {
      this.checking = false;
    }
  }
}

/** The value of one cookie in a Cookie header (decoded), or undefined. */
function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
