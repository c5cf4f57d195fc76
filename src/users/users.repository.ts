import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../auth/unique-violation';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string;
  profileId: string;
  fullName?: string | null;
  imageUrl?: string | null;
}

export interface UserListQuery {
  name?: string;
  email?: string;
  limit: number;
  offset: number;
  sortDesc: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queries on users. Deleted users (deleted_at set) are invisible to every method here. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  /** A user by id (UUID) or by name, exactly, ignoring case; with the profile. */
  findByKey(key: string): Promise<User | null> {
    const qb = this.repo.createQueryBuilder('u').leftJoinAndSelect('u.profile', 'p');
    if (UUID.test(key)) qb.where('u.id = :key', { key });
    else qb.where('lower(u.name) = lower(:key)', { key });
    return qb.getOne();
  }

  /** The user with the password hash, for login. */
  findForLogin(name: string): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.profile', 'p')
      .where('lower(u.name) = lower(:name)', { name })
      .getOne();
  }

  async list(q: UserListQuery): Promise<[User[], number]> {
    const qb = this.repo.createQueryBuilder('u').leftJoinAndSelect('u.profile', 'p');
    if (q.name !== undefined) qb.andWhere(`lower(u.name) LIKE lower(:name) ESCAPE '\\'`, { name: likePattern(q.name) });
    if (q.email !== undefined) qb.andWhere(`lower(u.email) LIKE lower(:email) ESCAPE '\\'`, { email: likePattern(q.email) });
    return qb
      .orderBy('lower(u.name)', q.sortDesc ? 'DESC' : 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(q.limit)
      .offset(q.offset)
      .getManyAndCount();
  }

  async insert(data: NewUser): Promise<User> {
    try {
      const saved = await this.repo.save(this.repo.create(data));
      return (await this.findByKey(saved.id))!;
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicate(data.name);
      throw e;
    }
  }

  /** Inserts the user unless an active one with that name exists; true when inserted. */
  async insertIfAbsent(data: NewUser): Promise<boolean> {
    const rows: unknown[] = await this.repo.query(
      `INSERT INTO users (name, email, password_hash, profile_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT ((lower(name))) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
      [data.name, data.email, data.passwordHash, data.profileId],
    );
    return rows.length > 0;
  }

  async update(id: string, changes: Partial<NewUser> & { lastLogin?: Date }): Promise<User> {
    try {
      await this.repo.update({ id }, changes);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicate(changes.name ?? '');
      throw e;
    }
    return (await this.findByKey(id))!;
  }

  async setLastLogin(id: string): Promise<void> {
    await this.repo.query(`UPDATE users SET last_login = now() WHERE id = $1`, [id]);
  }

  /** Soft-deletes the user and deletes all their tokens, in one transaction. */
  async softDeleteWithTokens(id: string): Promise<Date> {
    return this.repo.manager.transaction(async (m) => {
      await m.query(`DELETE FROM tokens WHERE user_id = $1`, [id]);
      const rows: Array<{ deleted_at: Date }> = await m.query(
        `UPDATE users SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING deleted_at`,
        [id],
      );
      return rows[0]?.deleted_at ?? new Date();
    });
  }
}

/** A filter value with `*` wildcards as a LIKE pattern; `%`, `_` and `\` are literal. */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

function duplicate(name: string): DuplicateResourceError {
  return new DuplicateResourceError({ message: 'A user with this name already exists', source: 'User', value: name });
}
