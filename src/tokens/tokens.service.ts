import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/caller';
import { SharedRateLimiter, type Throttle } from '../auth/rate-limiter';
import { ServerKey } from '../auth/server-key';
import { ForbiddenError, InvalidTokenActionError, NotFoundError, SchemaValidationError, TooManyRequestsError, ValidationError } from '../common/errors/api-errors';
import { ListPage } from '../common/pagination';
import { UsersRepository } from '../users/users.repository';
import { CreateTokenDto } from './dto/create-token.dto';
import { ListTokensQuery, MAX_PAGE } from './dto/list-tokens.query';
import { Token } from './token.entity';
import { CreatedTokenRecord, TokenRecord, toTokenRecord } from './token.presenter';
import { TokensRepository } from './tokens.repository';
import { AuditLog, type AuditActor } from '../audit/audit-log.service';
import { AuditAction } from '../audit/audit-actions';
import { SINGLE_TOKEN_KINDS, TokenKind } from './token-kind';
import { isCallerKey, mayAdminister, mayManageToken } from '../writers/policy';

/** Tokens one user may create per hour (registration included). */
export const TOKENS_PER_USER_PER_HOUR = 50;
/** 24 random bytes = 192 bits, base64url: `rfk_` + 32 characters. */
const SECRET_BYTES = 24;

export interface IssuedToken {
  record: TokenRecord;
  secret: string;
}

/** A token the server issues for one record, acting as the user who made or started it. */
export interface BoundTokenRequest {
  kind: Exclude<TokenKind, 'user'>;
  boundId: string;
  /** Shown in token lists, e.g. `collector c1` (1–60 characters; need not be unique). */
  name: string;
  expiresAt?: Date | null;
  /** The client address of the request it is issued in, for the audit log. */
  address?: string | null;
}

function tokenNotFound(key: string): NotFoundError {
  return new NotFoundError({ message: 'Token not found', source: 'Token', value: key });
}

/** Issues, lists, revokes, restores and deletes API tokens; only owners and admins see a token. */
@Injectable()
export class TokensService {
  /** Counted in the database: the same for every process on it. */
  readonly creationLimiter: Throttle;

  constructor(
    private readonly tokens: TokensRepository,
    private readonly users: UsersRepository,
    private readonly key: ServerKey,
    private readonly audit: AuditLog,
    limiter: SharedRateLimiter,
  ) {
    this.creationLimiter = limiter.rule('token-creation', TOKENS_PER_USER_PER_HOUR, 3600_000);
  }

  /** A new secret: `rfk_` + 192 random bits, base64url. */
  static newSecret(): string {
    return `rfk_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  }

  /**
   * Creates a token for a user (no permission check: callers decide); the secret is returned
   * once. `address`: the client address of the request it is issued in, for the audit log.
   */
  async issue(userId: string, name: string, expiresAt: Date | null = null, address: string | null = null): Promise<IssuedToken> {
    const wait = await this.creationLimiter.retryAfter(userId);
    if (wait) throw new TooManyRequestsError(wait);
    const secret = TokensService.newSecret();
    const token = await this.tokens.insert(userId, this.key.tokenDigest(secret), { name, expiresAt, kind: 'user', boundId: null });
    await this.creationLimiter.hit(userId);
    const record = toTokenRecord(token);
    await this.audit.token(AuditAction.TokenCreate, { ...record.user, address }, record);
    return { record, secret };
  }

  /**
   * Issues the token of a collector, generator or bot (replacing that record's previous token),
   * or a room-view token. No permission check and no hourly cap: callers issue these as part of
   * an operation they have already authorised. The secret is returned once.
   */
  async issueBoundToken(userId: string, req: BoundTokenRequest): Promise<IssuedToken> {
    const secret = TokensService.newSecret();
    const digest = this.key.tokenDigest(secret);
    const row = { name: req.name.slice(0, 60), expiresAt: req.expiresAt ?? null, kind: req.kind, boundId: req.boundId };
    let token: Token;
    if (SINGLE_TOKEN_KINDS.includes(req.kind)) {
      token = await this.tokens.replaceBound(userId, digest, row);
    } else {
      await this.tokens.removeExpired(userId, req.kind);
      token = await this.tokens.insert(userId, digest, row);
    }
    const record = toTokenRecord(token);
    // room-view tokens: one per page view, not audited
    if (req.kind !== 'room') await this.audit.token(AuditAction.TokenCreate, { ...record.user, address: req.address ?? null }, record);
    return { record, secret };
  }

  /**
   * Revokes every live token of one record; the very next request with any of them is refused.
   * `by`: who did it (the caller, with its address), for the audit log.
   */
  async revokeBoundTokens(kind: Exclude<TokenKind, 'user'>, boundId: string, by: AuditActor | null): Promise<void> {
    await this.tokens.revokeBound(kind, boundId);
    if (kind !== 'room') await this.audit.record({ action: AuditAction.TokenRevoke, actor: by, target: { type: 'token', name: `${kind} ${boundId}` }, details: { kind, boundId } });
  }

  async create(caller: AuthenticatedUser, dto: CreateTokenDto): Promise<CreatedTokenRecord> {
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && !(expiresAt.getTime() > Date.now())) {
      throw new ValidationError({ message: 'expiresAt must be a date in the future', source: 'expiresAt', value: dto.expiresAt });
    }
    const name = dto.name.trim();
    if (!name) throw new SchemaValidationError({ message: 'name must not be empty', source: 'name' });
    const { record, secret } = await this.issue(caller.id, name, expiresAt, caller.address ?? null);
    return { ...record, token: secret };
  }

  /** The caller's tokens; admins see everyone's, optionally one user's (`?user=`). */
  async list(caller: AuthenticatedUser, q: ListTokensQuery): Promise<ListPage<TokenRecord>> {
    let userId: string | undefined = caller.id;
    if (mayAdminister(caller)) {
      userId = undefined;
      if (q.user !== undefined) {
        const user = await this.users.findByKey(q.user);
        if (!user) return this.page(null, q);
        userId = user.id;
      }
    } else if (q.user !== undefined && !isCallerKey(caller, q.user)) {
      return this.page(null, q);
    }
    return this.page(userId, q);
  }

  async get(caller: AuthenticatedUser, key: string): Promise<TokenRecord> {
    return toTokenRecord(await this.resolve(caller, key));
  }

  async remove(caller: AuthenticatedUser, key: string): Promise<TokenRecord> {
    const token = await this.resolve(caller, key);
    await this.tokens.remove(token.id);
    await this.audit.token(AuditAction.TokenDelete, caller, toTokenRecord(token));
    return toTokenRecord(token);
  }

  async revoke(caller: AuthenticatedUser, key: string): Promise<TokenRecord> {
    return this.revokeToken(caller, await this.resolve(caller, key));
  }

  async restore(caller: AuthenticatedUser, key: string): Promise<TokenRecord> {
    return this.restoreToken(caller, await this.resolve(caller, key));
  }

  /** `/v1/users/{user}/tokens`: the user's tokens; another user's → 404 unless admin. */
  async listOfUser(caller: AuthenticatedUser, userKey: string, q: ListTokensQuery): Promise<ListPage<TokenRecord>> {
    return this.page(await this.visibleUserId(caller, userKey), q);
  }

  /** One page of one user's tokens (everyone's when userId is undefined; none when null). */
  private async page(userId: string | undefined | null, q: ListTokensQuery): Promise<ListPage<TokenRecord>> {
    const limit = Math.min(q.limit ?? MAX_PAGE, MAX_PAGE);
    const offset = q.offset ?? 0;
    if (userId === null) return new ListPage<TokenRecord>([], 0, limit, offset);
    const [rows, total] = await this.tokens.list(userId, limit, offset);
    return new ListPage(rows.map(toTokenRecord), total, limit, offset);
  }

  async getOfUser(caller: AuthenticatedUser, userKey: string, name: string): Promise<TokenRecord> {
    return toTokenRecord(await this.resolveOfUser(caller, userKey, name));
  }

  async removeOfUser(caller: AuthenticatedUser, userKey: string, name: string): Promise<TokenRecord> {
    const token = await this.resolveOfUser(caller, userKey, name);
    await this.tokens.remove(token.id);
    await this.audit.token(AuditAction.TokenDelete, caller, toTokenRecord(token));
    return toTokenRecord(token);
  }

  async revokeOfUser(caller: AuthenticatedUser, userKey: string, name: string): Promise<TokenRecord> {
    return this.revokeToken(caller, await this.resolveOfUser(caller, userKey, name));
  }

  async restoreOfUser(caller: AuthenticatedUser, userKey: string, name: string): Promise<TokenRecord> {
    return this.restoreToken(caller, await this.resolveOfUser(caller, userKey, name));
  }

  private async revokeToken(caller: AuthenticatedUser, token: Token): Promise<TokenRecord> {
    if (token.isRevoked !== '0') throw invalidAction('The token is already revoked', token.name);
    const record = toTokenRecord(await this.tokens.setRevoked(token.id, String(Date.now())));
    await this.audit.token(AuditAction.TokenRevoke, caller, record);
    return record;
  }

  private async restoreToken(caller: AuthenticatedUser, token: Token): Promise<TokenRecord> {
    if (!mayAdminister(caller)) throw new ForbiddenError({ source: 'Token', description: 'Only an admin may restore a token.' });
    if (token.isRevoked === '0') throw invalidAction('The token is not revoked', token.name);
    const record = toTokenRecord(await this.tokens.setRevoked(token.id, '0'));
    await this.audit.token(AuditAction.TokenRestore, caller, record);
    return record;
  }

  /** A token by id or (own) name, visible to its owner and to admins; anyone else gets 404. */
  private async resolve(caller: AuthenticatedUser, key: string): Promise<Token> {
    const token = await this.tokens.findByKey(key, caller.id);
    if (!token || !mayManageToken(caller, token)) throw tokenNotFound(key);
    return token;
  }

  private async resolveOfUser(caller: AuthenticatedUser, userKey: string, name: string): Promise<Token> {
    const userId = await this.visibleUserId(caller, userKey);
    const token = await this.tokens.findByName(userId, name);
    if (!token) throw tokenNotFound(name);
    return token;
  }

  private async visibleUserId(caller: AuthenticatedUser, userKey: string): Promise<string> {
    if (isCallerKey(caller, userKey)) return caller.id;
    const user = mayAdminister(caller) ? await this.users.findByKey(userKey) : null;
    if (!user) throw new NotFoundError({ message: 'User not found', source: 'User', value: userKey });
    return user.id;
  }
}

function invalidAction(message: string, name: string): InvalidTokenActionError {
  return new InvalidTokenActionError({ message, source: 'Token', value: name });
}
