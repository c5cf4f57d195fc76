import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at the OWASP recommendation (m = 19 MiB, t = 2, p = 1): about 30-90 ms per verify on
 * this kind of machine. Hashes made with other parameters still verify (they are in the hash).
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Password hashing; verifying for an unknown user costs the same as for a known one. */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      // Unknown user: spend the same time on a hash (same parameters) that can never match.
      this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
      await this.argon2Verify(await this.dummy, password);
      return false;
    }
    return this.argon2Verify(hash, password);
  }

  /** The one place a verify runs, for known and unknown users alike. */
  argon2Verify(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password).catch(() => false);
  }
}
