import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { PasswordHasher } from '../auth/password-hasher';
import { AdminUpdateDeleteForbiddenError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { Profile, USER_PROFILE } from '../profiles/profile.entity';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { CreateUserDto, PatchUserDto, PutUserDto } from './dto/user-body.dto';
import { FIRST_ADMIN_NAME, User } from './user.entity';
import { NewUser, UsersRepository } from './users.repository';
import { toUserRecord, UserRecord } from './user.presenter';
import { USER_LIST_SPEC } from './users.list';
import { AuditLog } from '../audit/audit-log.service';
import { AuditAction } from '../audit/audit-actions';
import { mayAdminister, mayManageUser } from '../writers/policy';

/**
 * Users: anyone signed in reads; admins create and change profiles; a user edits and deletes
 * themself; the first admin is never deleted, renamed or demoted.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly profiles: ProfilesRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<UserRecord>>> {
    return listRecords(query, USER_LIST_SPEC, (q) => this.users.list(q), toUserRecord);
  }

  async get(key: string): Promise<UserRecord> {
    return toUserRecord(await this.find(key));
  }

  async create(caller: AuthenticatedUser, dto: CreateUserDto): Promise<UserRecord> {
    if (!mayAdminister(caller)) throw new ForbiddenError({ source: 'User', description: 'Only an admin may create users.' });
    const profile = await this.profile(dto.profileId);
    const created = toUserRecord(
      await this.users.insert({
        name: dto.name,
        email: dto.email,
        passwordHash: await this.hasher.hash(dto.password),
        profileId: profile.id,
        fullName: dto.fullName ?? null,
        imageUrl: dto.imageUrl || null,
      }),
    );
    await this.audit.user(AuditAction.UserCreate, caller, created, { profile: profile.name });
    return created;
  }

  /** Self-registration: a RefocusUser (`address`: the client's, for the audit log). */
  async register(name: string, email: string, password: string, address: string | null = null): Promise<User> {
    const profile = await this.profiles.ensure(USER_PROFILE);
    const user = await this.users.insert({ name, email, passwordHash: await this.hasher.hash(password), profileId: profile.id });
    await this.audit.user(AuditAction.UserCreate, { id: user.id, name: user.name, address }, user, { profile: profile.name, registration: true });
    return user;
  }

  async replace(caller: AuthenticatedUser, key: string, dto: PutUserDto): Promise<UserRecord> {
    return this.change(caller, key, dto, true);
  }

  async patch(caller: AuthenticatedUser, key: string, dto: PatchUserDto): Promise<UserRecord> {
    return this.change(caller, key, dto, false);
  }

  async remove(caller: AuthenticatedUser, key: string): Promise<UserRecord> {
    const user = await this.find(key);
    if (!mayManageUser(caller, user.id)) throw new ForbiddenError({ source: 'User', value: key });
    if (isFirstAdmin(user)) throw firstAdminError('deleted');
    const deletedAt = await this.users.softDeleteWithTokens(user.id);
    await this.audit.user(AuditAction.UserDelete, caller, user);
    return toUserRecord(user, deletedAt);
  }

  private async change(caller: AuthenticatedUser, key: string, dto: PatchUserDto, overwrite: boolean): Promise<UserRecord> {
    const user = await this.find(key);
    if (!mayManageUser(caller, user.id)) throw new ForbiddenError({ source: 'User', value: key });
    const changes: Partial<NewUser> = {};
    if (dto.profileId !== undefined) {
      const profile = await this.profile(dto.profileId);
      if (profile.id !== user.profileId) {
        if (!mayAdminister(caller)) throw new ForbiddenError({ source: 'User', description: 'Only an admin may change a profile.' });
        if (isFirstAdmin(user)) throw firstAdminError('demoted');
        changes.profileId = profile.id;
      }
    }
    if (dto.name !== undefined && dto.name !== user.name) {
      if (isFirstAdmin(user)) throw firstAdminError('renamed');
      changes.name = dto.name;
    }
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.password !== undefined) changes.passwordHash = await this.hasher.hash(dto.password);
    if (dto.fullName !== undefined || overwrite) changes.fullName = dto.fullName ?? null;
    if (dto.imageUrl !== undefined || overwrite) changes.imageUrl = dto.imageUrl || null;
    const updated = toUserRecord(await this.users.update(user.id, changes));
    if (changes.profileId) await this.audit.user(AuditAction.UserProfileChange, caller, user, { from: user.profileId, to: changes.profileId });
    return updated;
  }

  private async find(key: string): Promise<User> {
    const user = await this.users.findByKey(key);
    if (!user) throw new NotFoundError({ message: 'User not found', source: 'User', value: key });
    return user;
  }

  private async profile(key: string): Promise<Profile> {
    const profile = await this.profiles.findByKey(key);
    if (!profile) throw new ValidationError({ message: 'No such profile', source: 'profileId', value: key });
    return profile;
  }
}

function isFirstAdmin(user: User): boolean {
  return user.name.toLowerCase() === FIRST_ADMIN_NAME;
}

function firstAdminError(what: string): ForbiddenError {
  return new AdminUpdateDeleteForbiddenError({
    source: 'User',
    value: FIRST_ADMIN_NAME,
    message: `The first admin cannot be ${what}`,
    description: `The first admin cannot be ${what}.`,
  });
}

