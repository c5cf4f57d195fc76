import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { translatingViolations } from '../database/database-errors';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
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
    await this.repo.query(`INSERT INTO profiles (name) VALUES ($1) ON CONFLICT ((lower(name))) DO NOTHING`, [name]);
    return (await this.findByName(name))!;
  }

  findByName(name: string): Promise<Profile | null> {
    return this.repo.createQueryBuilder('p').where('lower(p.name) = lower(:name)', { name }).getOne();
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
    const rows: Array<{ id: string; user_count: string }> = await this.repo.query(
      `SELECT p.id, count(u.id) AS user_count FROM profiles p
         LEFT JOIN users u ON u.profile_id = p.id AND u.deleted_at IS NULL
        GROUP BY p.id`,
    );
    const counts = new Map(rows.map((r) => [r.id, Number(r.user_count)]));
    const all = await this.repo.find({ order: { name: 'ASC' } });
    return all.map((p) => Object.assign(p, { userCount: counts.get(p.id) ?? 0 }));
  }

  async userCount(id: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.repo.query(
      `SELECT count(*) AS n FROM users WHERE profile_id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return Number(rows[0]?.n ?? 0);
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
