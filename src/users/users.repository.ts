import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { translatingViolations } from '../database/database-errors';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, nameEquals } from '../database/key-sql';
import { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { User } from './user.entity';
import { CredentialsChanges } from '../common/credentials-changes';

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string;
  profileId: string;
  fullName?: string | null;
  imageUrl?: string | null;
}

/** Queries on users. Deleted users (deleted_at set) are invisible to every method here. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    private readonly credentials: CredentialsChanges,
  ) {}

  /** A user by id (UUID) or by name, exactly, ignoring case; with the profile. */
  findByKey(key: string): Promise<User | null> {
    const c = keyCondition(key, 'u.id', 'u.name', 'key');
    return this.repo.createQueryBuilder('u').leftJoinAndSelect('u.profile', 'p').where(c.sql, { key: c.param }).getOne();
  }

  /** The user with the password hash, for login. */
  findForLogin(name: string): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.profile', 'p')
      .where(nameEquals('u.name', 'name'), { name })
      .getOne();
  }

  /** One page of active users with their profiles; conditions and order come from parseListQuery. */
  async list(q: ListQuery): Promise<RowsAndTotal<User>> {
    // deleted users are left out by TypeORM (the entity's DeleteDateColumn)
    const { rows: ids, total } = await listPageOf<{ id: string }>(this.repo.createQueryBuilder('u').select('u.id', 'id'), q);
    if (!ids.length) return { rows: [], total };
    const users = await this.repo
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.profile', 'p')
      .where('u.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .getMany();
    const byId = new Map(users.map((u) => [u.id, u]));
    return { rows: ids.map((r) => byId.get(r.id)!).filter(Boolean), total };
  }

  async insert(data: NewUser): Promise<User> {
    const saved = await translatingViolations({ unique: () => duplicate(data.name) }, () => this.repo.save(this.repo.create(data)));
    return (await this.findByKey(saved.id))!;
  }

  /** Inserts the user unless an active one with that name exists; true when inserted. */
  async insertIfAbsent(data: NewUser): Promise<boolean> {
    // users_name_uq (lower(name), active users) is the table's one unique index besides the key
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ name: data.name, email: data.email, passwordHash: data.passwordHash, profileId: data.profileId })
      .orIgnore()
      .returning('id')
      .updateEntity(false)
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  async update(id: string, changes: Partial<NewUser> & { lastLogin?: Date }): Promise<User> {
    await translatingViolations({ unique: () => duplicate(changes.name ?? '') }, () =>
      this.credentials.after(() => this.repo.update({ id }, changes)),
    );
    return (await this.findByKey(id))!;
  }

  async setLastLogin(id: string): Promise<void> {
    // A login is not an edit: updatedAt stays (TypeORM would stamp it).
    await this.repo.createQueryBuilder().update().set({ lastLogin: () => 'now()', updatedAt: () => 'updated_at' }).where('id = :id', { id }).execute();
  }

  /** Soft-deletes the user and deletes all their tokens, in one transaction. */
  async softDeleteWithTokens(id: string): Promise<Date> {
    return this.credentials.after(() =>
      this.repo.manager.transaction(async (m) => {
        await m.createQueryBuilder().delete().from('tokens').where('user_id = :id', { id }).execute();
        const updated = await m
          .createQueryBuilder()
          .update(User)
          .set({ deletedAt: () => 'now()', updatedAt: () => 'now()' })
          .where('id = :id AND deleted_at IS NULL', { id })
          .returning('deleted_at')
          .updateEntity(false)
          .execute();
        return (updated.raw as Array<{ deleted_at: Date }>)[0]?.deleted_at ?? new Date();
      }),
    );
  }
}

function duplicate(name: string): DuplicateResourceError {
  return new DuplicateResourceError({ message: 'A user with this name already exists', source: 'User', value: name });
}
