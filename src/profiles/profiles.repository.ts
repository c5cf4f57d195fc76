import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { translatingViolations } from '../database/database-errors';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition, nameEquals } from '../database/key-sql';
import { User } from '../users/user.entity';
import { Profile } from './profile.entity';
import { CredentialsChanges } from '../common/credentials-changes';

export interface ProfileWithCount extends Profile {
  userCount: number;
}

/** Queries on profiles. Names compare exactly, ignoring case. */
@Injectable()
export class ProfilesRepository {
  constructor(
    @InjectRepository(Profile) private readonly repo: Repository<Profile>,
    private readonly credentials: CredentialsChanges,
  ) {}

  /** Creates the profile when it does not exist (safe when several processes start at once). */
  async ensure(name: string): Promise<Profile> {
    // profiles_name_uq (lower(name)) is the table's one unique index besides the key
    await this.repo.createQueryBuilder().insert().values({ name }).orIgnore().updateEntity(false).execute();
    return (await this.findByName(name))!;
  }

  findByName(name: string): Promise<Profile | null> {
    return this.repo.createQueryBuilder('p').where(nameEquals('p.name', 'name'), { name }).getOne();
  }

  findById(id: string): Promise<Profile | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** By id (UUID) or by name, exactly, ignoring case. */
  findByKey(key: string): Promise<Profile | null> {
    const c = keyCondition(key, 'p.id', 'p.name', 'key');
    return this.repo.createQueryBuilder('p').where(c.sql, { key: c.param }).getOne();
  }

  async list(): Promise<ProfileWithCount[]> {
    // deleted users are left out by TypeORM (the entity's DeleteDateColumn)
    const rows = await this.repo.manager
      .createQueryBuilder(User, 'u')
      .select('u.profileId', 'id')
      .addSelect('count(*)', 'userCount')
      .groupBy('u.profileId')
      .getRawMany<{ id: string; userCount: string }>();
    const counts = new Map(rows.map((r) => [r.id, Number(r.userCount)]));
    const all = await this.repo.find({ order: { name: 'ASC' } });
    return all.map((p) => Object.assign(p, { userCount: counts.get(p.id) ?? 0 }));
  }

  /** Active users of profile `id` (deleted ones are left out by TypeORM). */
  userCount(id: string): Promise<number> {
    return this.repo.manager.countBy(User, { profileId: id });
  }

  async insert(name: string): Promise<Profile> {
    return translatingViolations({ unique: () => duplicate(name) }, () => this.repo.save(this.repo.create({ name })));
  }

  async rename(profile: Profile, name: string): Promise<Profile> {
    profile.name = name;
    return translatingViolations({ unique: () => duplicate(name) }, () => this.credentials.after(() => this.repo.save(profile)));
  }

  async remove(profile: Profile): Promise<void> {
    await this.credentials.after(() => this.repo.delete({ id: profile.id }));
  }
}

function duplicate(name: string): DuplicateResourceError {
  return new DuplicateResourceError({
    message: 'A profile with this name already exists',
    source: 'Profile',
    value: name,
  });
}
