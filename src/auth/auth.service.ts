import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ForbiddenError, TooManyRequestsError } from '../common/errors/api-errors';
import { TokensService } from '../tokens/tokens.service';
import { UserRecord, toUserRecord } from '../users/user.presenter';
import { UsersService } from '../users/users.service';
import { AuthenticateDto, RegisterDto } from './dto/credentials.dto';
import { LoginService } from './login.service';
import { SharedRateLimiter, type Throttle } from './rate-limiter';
import { SessionService } from './session.service';

/** Registrations allowed per client address per hour. */
export const REGISTRATIONS_PER_ADDRESS_PER_HOUR = 100;

export interface RegisteredUser extends UserRecord {
  token: string;
}

/** POST /v1/register and POST /v1/authenticate. */
@Injectable()
export class AuthService {
  /** Counted in the database: the same for every process on it. */
  readonly registrations: Throttle;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly login: LoginService,
    private readonly sessions: SessionService,
    limiter: SharedRateLimiter,
  ) {
    this.registrations = limiter.rule('registration-address', REGISTRATIONS_PER_ADDRESS_PER_HOUR, 3600_000);
  }

  /** A new RefocusUser and their first API token, named `registration`. */
  async register(dto: RegisterDto, address: string): Promise<RegisteredUser> {
    if (this.config.rejectLocalUserRegistration) {
      throw new ForbiddenError({ source: 'User', description: 'New user registration is not permitted.', message: 'New user registration is not permitted.' });
    }
    const wait = await this.registrations.retryAfter(address);
    if (wait) throw new TooManyRequestsError(wait);
    await this.registrations.hit(address);
    const user = await this.users.register(dto.username, dto.email, dto.password, address);
    const { secret } = await this.tokens.issue(user.id, 'registration', null, address);
    return { ...toUserRecord(user), token: secret };
  }

  /** Checks the credentials and starts a web session (cookie); the body carries no token. */
  async authenticate(dto: AuthenticateDto, req: Request, res: Response): Promise<{ success: true; message: string }> {
    const user = await this.login.login(dto.username, dto.password, req.ip ?? '');
    await this.sessions.start(req, res, user.id);
    return { success: true, message: 'authentication succeeded' };
  }
}
