import { Injectable, Logger } from '@nestjs/common';
import { CredentialsCache } from './credentials-cache';
import { ServerKey } from './server-key';
import { TokenCredentials, TokensRepository } from '../tokens/tokens.repository';
import { AuthenticatedUser, callerOf } from './caller';

/** Shape of a secret we issue; anything else fails before touching the database. */
const TOKEN_SHAPE = /^rfk_[A-Za-z0-9_-]{20,200}$/;
const LAST_USED_EVERY_MS = 60_000;

/** Request property through which the guard passes its app's authenticator to the strategy. */
export const TOKEN_AUTHENTICATOR = Symbol('tokenAuthenticator');

/**
 * Checks an Authorization header value: raw token or `Bearer <token>` → keyed digest → the
 * token, its active owner and the owner's profile: from the credentials cache, or one indexed
 * lookup. Returns undefined on any failure.
 */
@Injectable()
export class TokenAuthenticator {
  private readonly logger = new Logger('TokenAuthenticator');
  /** When this process last wrote lastUsed per token, so that bursts write at most once. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly tokens: TokensRepository,
    private readonly key: ServerKey,
    private readonly cache: CredentialsCache,
  ) {}

  static secretOf(header: string | undefined): string | undefined {
    if (typeof header !== 'string') return undefined;
    let value = header.trim();
    const bearer = /^bearer\s+/i.exec(value);
    if (bearer) value = value.slice(bearer[0].length).trim();
    return TOKEN_SHAPE.test(value) ? value : undefined;
  }

  /** The full check, for the passport strategy: the credentials from the cache, or loaded (and cached). */
  async authenticate(header: string | undefined): Promise<AuthenticatedUser | undefined> {
    const secret = TokenAuthenticator.secretOf(header);
    if (!secret) return undefined;
    const digest = this.key.tokenDigest(secret);
    const c = await this.cache.get(digest, () => this.tokens.findCredentials(digest));
    return c ? this.accept(c) : undefined;
  }

  /**
   * The same check from the cache alone, for the guard's fast path: the caller, `null` when the
   * request is refused, or `undefined` when the cache does not know the token (then the
   * passport strategy decides, and fills the cache).
   */
  async fromCache(header: string | undefined): Promise<AuthenticatedUser | null | undefined> {
    const secret = TokenAuthenticator.secretOf(header);
    if (!secret) return null;
    const c = this.cache.peek(this.key.tokenDigest(secret));
    if (!c) return undefined;
    return (await this.accept(c)) ?? null;
  }

  /** Whether the token may be used now (not revoked, not expired); records the use. */
  private async accept(c: TokenCredentials): Promise<AuthenticatedUser | undefined> {
    if (c.isRevoked !== '0') return undefined;
    const now = Date.now();
    if (c.expiresAt && c.expiresAt.getTime() <= now) return undefined;
    await this.touch(c.tokenId, c.lastUsed, now);
    return callerOf(
      { id: c.userId, name: c.userName, email: c.email, profileName: c.profileName },
      { tokenId: c.tokenId, tokenKind: c.kind, tokenBoundId: c.boundId },
    );
  }

  /** Writes lastUsed on first use, then at most about once a minute per token. */
  private async touch(id: string, lastUsed: Date | null, now: number): Promise<void> {
    if (lastUsed && now - lastUsed.getTime() < LAST_USED_EVERY_MS) return;
    const mine = this.touched.get(id);
    if (mine !== undefined && now - mine < LAST_USED_EVERY_MS) return;
    this.touched.set(id, now);
    if (this.touched.size > 50_000) this.touched.clear();
    try {
      await this.tokens.touchLastUsed(id);
    } catch (err) {
      this.logger.warn({ err }, 'Could not record lastUsed');
    }
  }
}
