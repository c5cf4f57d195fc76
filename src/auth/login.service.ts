import { Injectable } from '@nestjs/common';
import { LoginError, TooManyRequestsError } from '../common/errors/api-errors';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { PasswordHasher } from './password-hasher';
import { SharedRateLimiter, type Throttle } from './rate-limiter';
import { AuditLog } from '../audit/audit-log.service';

const WINDOW_MS = 15 * 60_000;
/** Failed sign-ins allowed per account and per client address in 15 minutes. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;

/**
 * Checks a user name and password. Unknown user and wrong password cost the same (a dummy
 * verify) and fail the same; failures are throttled per account and per address (429).
 */
@Injectable()
export class LoginService {
  /** Counted in the database: the same for every process on it. */
  readonly perAccount: Throttle;
  readonly perAddress: Throttle;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    limiter: SharedRateLimiter,
    private readonly audit: AuditLog,
  ) {
    this.perAccount = limiter.rule('login-account', LOGIN_FAILURES_PER_ACCOUNT, WINDOW_MS);
    this.perAddress = limiter.rule('login-address', LOGIN_FAILURES_PER_ADDRESS, WINDOW_MS);
  }

  async login(username: string, password: string, address: string): Promise<User> {
    const account = username.toLowerCase();
    const wait = Math.max(await this.perAccount.retryAfter(account), await this.perAddress.retryAfter(address));
    if (wait) throw new TooManyRequestsError(wait);
    const user = await this.users.findForLogin(username);
    const ok = await this.hasher.verify(user && !user.sso ? user.passwordHash : undefined, password);
    if (!user || !ok) {
      await Promise.all([this.perAccount.hit(account), this.perAddress.hit(address)]);
      await this.audit.signIn(username, user?.id ?? null, false, address);
      throw new LoginError();
    }
    await this.perAccount.clear(account);
    await this.users.setLastLogin(user.id);
    await this.audit.signIn(user.name, user.id, true, address);
    return user;
  }

  /** Forgets every counter (tests and operators). */
  async reset(): Promise<void> {
    await Promise.all([this.perAccount.reset(), this.perAddress.reset()]);
  }
}
