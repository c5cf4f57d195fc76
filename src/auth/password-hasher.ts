import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id above the OWASP minimum (m = 19 MiB, t = 2): 64 MiB, 3 passes. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

/** Password hashing; verifying for an unknown user costs the same as for a known one. */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      // Unknown user: spend the same time on a hash that can never match.
      this.dummy ??= this.hash(`dummy-${Math.random()}`);
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
