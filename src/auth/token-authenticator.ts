import { Injectable, Logger } from '@nestjs/common';
import { hash } from 'node:crypto';
import { CredentialsCache } from './credentials-cache';
import { ServerKey } from './server-key';
import { TokenCredentials, TokensRepository } from '../tokens/tokens.repository';
import { AuthenticatedUser, callerOf } from './caller';

/** Shape of a secret we issue; anything else fails before touching the database. */
const TOKEN_SHAPE = /^rfk_[A-Za-z0-9_-]{20,200}$/;
const LAST_USED_EVERY_MS = 60_000;
/** Secrets whose digest is remembered (then the memo starts over). */
const MAX_DIGESTS = 10_000;

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
  /** SHA-256 of a secret → its keyed digest (digestOf). */
  private readonly digests = new Map<string, string>();

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
    const digest = this.digestOf(secret);
    const c = await this.cache.get(digest, () => this.tokens.findCredentials(digest));
    return c ? this.accept(c) : undefined;
  }

  /**
   * The same check from the cache alone, for the guard's fast path: the caller, `null` when the
   * request is refused, or `undefined` when the cache does not know the token (then the
   * passport strategy decides, and fills the cache). Synchronous when no lastUsed write is due
   * (nearly always): a chain of awaits per request cost promises and microtask turns on every
   * authenticated read (docs/PERFORMANCE.md, issue 19).
   */
  fromCache(header: string | undefined): AuthenticatedUser | null | undefined | Promise<AuthenticatedUser | null> {
    const secret = TokenAuthenticator.secretOf(header);
    if (!secret) return null;
    const c = this.cache.peek(this.digestOf(secret));
    if (!c) return undefined;
    const now = Date.now();
    if (!this.usable(c, now)) return null;
    if (!this.touchDue(c.tokenId, c.lastUsed, now)) return this.callerFrom(c);
    return this.touch(c.tokenId, now).then(() => this.callerFrom(c));
  }

  /**
   * The token's digest, remembered for the last MAX_DIGESTS secrets seen (an HMAC per request
   * was ≈ 1.5 % of an authenticated read's CPU). Keyed by an unkeyed SHA-256 of the secret, so
   * that no secret stays in memory; the digest is what the database holds anyway.
   */
  private digestOf(secret: string): string {
    const id = hash('sha256', secret, 'base64');
    let digest = this.digests.get(id);
    if (digest === undefined) {
      digest = this.key.tokenDigest(secret);
      if (this.digests.size >= MAX_DIGESTS) this.digests.clear();
      this.digests.set(id, digest);
    }
    return digest;
  }

  /** Whether the token may be used now (not revoked, not expired); records the use. */
  private async accept(c: TokenCredentials): Promise<AuthenticatedUser | undefined> {
    const now = Date.now();
    if (!this.usable(c, now)) return undefined;
    if (this.touchDue(c.tokenId, c.lastUsed, now)) await this.touch(c.tokenId, now);
    return this.callerFrom(c);
  }

  private usable(c: TokenCredentials, now: number): boolean {
    return c.isRevoked === '0' && !(c.expiresAt && c.expiresAt.getTime() <= now);
  }

  private callerFrom(c: TokenCredentials): AuthenticatedUser {
    return callerOf(
      { id: c.userId, name: c.userName, email: c.email, profileName: c.profileName },
      { tokenId: c.tokenId, tokenKind: c.kind, tokenBoundId: c.boundId },
    );
  }

  /** Whether lastUsed is to be written: on first use, then at most about once a minute per token. */
  private touchDue(id: string, lastUsed: Date | null, now: number): boolean {
    if (lastUsed && now - lastUsed.getTime() < LAST_USED_EVERY_MS) return false;
    const mine = this.touched.get(id);
    return !(mine !== undefined && now - mine < LAST_USED_EVERY_MS);
  }

  /** Writes lastUsed (touchDue said so); a failure is logged, not the request's. */
  private async touch(id: string, now: number): Promise<void> {
    this.touched.set(id, now);
    if (this.touched.size > 50_000) this.touched.clear();
    try {
      await this.tokens.touchLastUsed(id);
    } catch (err) {
      this.logger.warn({ err }, 'Could not record lastUsed');
    }
  }
}
