import { Injectable } from '@nestjs/common';
import { nameEquals } from '../database/key-sql';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { translatingViolations } from '../database/database-errors';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { isUuid } from '../common/key';
import { Token } from './token.entity';
import { CredentialsChanges } from '../common/credentials-changes';
import { PreparedSql } from '../database/prepared-sql';
import type { TokenKind } from './token-kind';

/** What a new token row holds besides its owner and digest. */
export interface NewToken {
  name: string;
  expiresAt: Date | null;
  kind: TokenKind;
  boundId: string | null;
}

/** What the token guard needs about a token and its owner, from one indexed lookup. */
export interface TokenCredentials {
  tokenId: string;
  kind: TokenKind;
  boundId: string | null;
  isRevoked: string;
  expiresAt: Date | null;
  lastUsed: Date | null;
  userId: string;
  userName: string;
  email: string;
  profileName: string;
}

/** Queries on tokens. Every token read here comes with its owner (`user`). */
@Injectable()
export class TokensRepository {
  constructor(
    @InjectRepository(Token) private readonly repo: Repository<Token>,
    private readonly credentials: CredentialsChanges,
    private readonly sql: PreparedSql,
  ) {}

  /**
   * The guard's lookup: token → active user → profile, through the unique digest index.
   * Hand-written and prepared: it runs on every request (bench/auth.bench.ts, docs/PERFORMANCE.md).
   */
  async findCredentials(digest: string): Promise<TokenCredentials | null> {
    const rows = (await this.sql.query(
      `SELECT t.id AS token_id, t.kind, t.bound_id, t.is_revoked, t.expires_at, t.last_used,
              u.id AS user_id, u.name AS user_name, u.email, p.name AS profile_name
         FROM tokens t
         JOIN users u ON u.id = t.user_id AND u.deleted_at IS NULL
         JOIN profiles p ON p.id = u.profile_id
        WHERE t.digest = $1`,
      [digest],
    )) as Array<Record<string, unknown>>;
    const r = rows[0];
    if (!r) return null;
    return {
      tokenId: r.token_id as string,
      kind: r.kind as TokenKind,
      boundId: (r.bound_id as string | null) ?? null,
      isRevoked: String(r.is_revoked),
      expiresAt: (r.expires_at as Date | null) ?? null,
      lastUsed: (r.last_used as Date | null) ?? null,
      userId: r.user_id as string,
      userName: r.user_name as string,
      email: r.email as string,
      profileName: r.profile_name as string,
    };
  }

  async touchLastUsed(id: string): Promise<void> {
    // A use is not an edit: updatedAt stays (TypeORM would stamp it).
    await this.repo.createQueryBuilder().update().set({ lastUsed: () => 'now()', updatedAt: () => 'updated_at' }).where('id = :id', { id }).execute();
  }

  async insert(userId: string, digest: string, t: NewToken): Promise<Token> {
    const duplicate = () => new DuplicateResourceError({ message: 'You already have a token with this name', source: 'Token', value: t.name });
    const saved = await translatingViolations({ unique: duplicate }, () => this.repo.save(this.repo.create({ userId, digest, ...t })));
    return (await this.findById(saved.id))!;
  }

  findById(id: string): Promise<Token | null> {
    return this.base().andWhere('t.id = :id', { id }).getOne();
  }

  /** A token by id (any owner) or by name among one user's tokens. */
  findByKey(key: string, nameOwnerId: string): Promise<Token | null> {
    if (isUuid(key)) return this.findById(key);
    return this.findByName(nameOwnerId, key);
  }

  /** By name among one user's tokens; a person's own (`user`) token wins over a bound one of that name. */
  findByName(userId: string, name: string): Promise<Token | null> {
    return this.base()
      .andWhere(`t.user_id = :userId AND ${nameEquals('t.name', 'name')}`, { userId, name })
      .orderBy(`(t.kind <> 'user')`, 'ASC')
      .addOrderBy('t.created_at', 'DESC')
      .getOne();
  }

  /**
   * Replaces the tokens of one record (a collector, generator or bot holds one at a time) by a
   * new one, in one transaction.
   */
  async replaceBound(userId: string, digest: string, t: NewToken & { boundId: string }): Promise<Token> {
    const id = await this.credentials.after(() =>
      this.repo.manager.transaction(async (m) => {
        await m.delete(Token, { kind: t.kind, boundId: t.boundId });
        return (await m.save(m.create(Token, { userId, digest, ...t }))).id;
      }),
    );
    return (await this.findById(id))!;
  }

  /** Room-view tokens expire within minutes; a new one sweeps its user's expired ones. */
  async removeExpired(userId: string, kind: TokenKind): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND kind = :kind AND expires_at < now()', { userId, kind })
      .execute();
  }

  /** Revokes every live token issued for one record (its collector deregistered, bot deleted, …). */
  async revokeBound(kind: TokenKind, boundId: string): Promise<void> {
    await this.credentials.after(() =>
      this.repo
        .createQueryBuilder()
        .update()
        .set({ isRevoked: () => `(extract(epoch from clock_timestamp()) * 1000)::bigint` })
        .where(`kind = :kind AND bound_id = :boundId AND is_revoked = 0`, { kind, boundId })
        .execute(),
    );
  }

  /** Tokens of one user, or of everyone when userId is undefined; by name. */
  list(userId: string | undefined, limit: number, offset: number): Promise<[Token[], number]> {
    const qb = this.base();
    if (userId !== undefined) qb.andWhere('t.user_id = :userId', { userId });
    return qb.orderBy('lower(t.name)', 'ASC').addOrderBy('t.id', 'ASC').limit(limit).offset(offset).getManyAndCount();
  }

  async setRevoked(id: string, isRevoked: string): Promise<Token> {
    await this.credentials.after(() => this.repo.update({ id }, { isRevoked }));
    return (await this.findById(id))!;
  }

  async remove(id: string): Promise<void> {
    await this.credentials.after(() => this.repo.delete({ id }));
  }

  private base() {
    return this.repo.createQueryBuilder('t').innerJoinAndSelect('t.user', 'u').where('u.deleted_at IS NULL');
  }
}
