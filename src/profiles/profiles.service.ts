import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { AdminUpdateDeleteForbiddenError, ForbiddenError, NotFoundError, ProfileDeleteConstraintError } from '../common/errors/api-errors';
import { ProfileBodyDto } from './dto/profile-body.dto';
import { ADMIN_PROFILE, Profile, USER_PROFILE } from './profile.entity';
import { ProfileRecord, toProfileRecord } from './profile.presenter';
import { ProfilesRepository } from './profiles.repository';
import { mayAdminister } from '../writers/policy';

const BUILT_IN = [ADMIN_PROFILE, USER_PROFILE].map((n) => n.toLowerCase());

/** Profiles: everyone reads; admins create, rename and delete (the built-in ones stay). */
@Injectable()
export class ProfilesService {
  constructor(private readonly profiles: ProfilesRepository) {}

  async list(): Promise<ProfileRecord[]> {
    return (await this.profiles.list()).map((p) => toProfileRecord(p, p.userCount));
  }

  async get(key: string): Promise<ProfileRecord> {
    const p = await this.find(key);
    return toProfileRecord(p, await this.profiles.userCount(p.id));
  }

  async create(caller: AuthenticatedUser, dto: ProfileBodyDto): Promise<ProfileRecord> {
    adminOnly(caller);
    return toProfileRecord(await this.profiles.insert(dto.name), 0);
  }

  async update(caller: AuthenticatedUser, key: string, dto: ProfileBodyDto): Promise<ProfileRecord> {
    adminOnly(caller);
    const p = await this.find(key);
    if (p.name !== dto.name) {
      builtInGuard(p);
      await this.profiles.rename(p, dto.name);
    }
    return toProfileRecord(p, await this.profiles.userCount(p.id));
  }

  async remove(caller: AuthenticatedUser, key: string): Promise<ProfileRecord> {
    adminOnly(caller);
    const p = await this.find(key);
    builtInGuard(p);
    if ((await this.profiles.userCount(p.id)) > 0) {
      throw new ProfileDeleteConstraintError({
        message: 'A profile that has users cannot be deleted',
        source: 'Profile',
        value: p.name,
      });
    }
    await this.profiles.remove(p);
    return toProfileRecord(p, 0, true);
  }

  private async find(key: string): Promise<Profile> {
    const p = await this.profiles.findByKey(key);
    if (!p) throw new NotFoundError({ message: 'Profile not found', source: 'Profile', value: key });
    return p;
  }
}

function adminOnly(caller: AuthenticatedUser): void {
  if (!mayAdminister(caller)) throw new ForbiddenError({ message: 'Forbidden', source: 'Profile', description: 'Insufficient Privileges' });
}

function builtInGuard(p: Profile): void {
  if (BUILT_IN.includes(p.name.toLowerCase())) {
    throw new AdminUpdateDeleteForbiddenError({
      message: `The ${p.name} profile cannot be renamed or deleted`,
      source: 'Profile',
      value: p.name,
    });
  }
}
