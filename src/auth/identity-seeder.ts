import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ADMIN_PROFILE, USER_PROFILE } from '../profiles/profile.entity';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { FIRST_ADMIN_NAME } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { PasswordHasher } from './password-hasher';

/**
 * At start-up: the profiles Admin and RefocusUser, and the first admin. Idempotent and safe when
 * several processes start at once (inserts with ON CONFLICT DO NOTHING).
 */
@Injectable()
export class IdentitySeeder implements OnModuleInit {
  private readonly logger = new Logger('IdentitySeeder');
  /** The password generated at this start-up when it created the first admin (for the CLI). */
  generatedPassword?: string;

  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const admin = await this.profiles.ensure(ADMIN_PROFILE);
    await this.profiles.ensure(USER_PROFILE);
    if (await this.users.findByKey(FIRST_ADMIN_NAME)) return;
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? randomBytes(18).toString('base64url');
    const inserted = await this.users.insertIfAbsent({
      name: FIRST_ADMIN_NAME,
      email: FIRST_ADMIN_NAME,
      passwordHash: await this.hasher.hash(password),
      profileId: admin.id,
    });
    if (!inserted) return;
    if (generated) {
      this.generatedPassword = password;
      // Printed once, by the start-up banner (main.ts) or the CLI; never stored in clear or shown again.
      this.logger.warn(`Created the first admin ${FIRST_ADMIN_NAME} with a generated password (printed once, in the start-up banner)`);
    } else {
      this.logger.log(`Created the first admin ${FIRST_ADMIN_NAME} with the password from ADMIN_PASSWORD`);
    }
  }
}
