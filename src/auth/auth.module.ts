import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { ApiTokenStrategy } from './api-token.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IdentitySeeder } from './identity-seeder';
import { KeysModule } from './keys.module';
import { LoginService } from './login.service';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { TokenAuthenticator } from './token-authenticator';
import { TokenGuard } from './token.guard';
import { WebSessionEntity } from './web-session.entity';

/** The global token guard, the identity seed, register and authenticate. */
@Module({
  imports: [KeysModule, PassportModule, UsersModule, TokensModule, TypeOrmModule.forFeature([WebSessionEntity])],
  controllers: [AuthController],
  providers: [
    TokenAuthenticator,
    ApiTokenStrategy,
    IdentitySeeder,
    AuthService,
    LoginService,
    SessionService,
    SessionsRepository,
    TokenGuard,
    // useExisting, so that a benchmark (or a test) can replace the guard with overrideProvider(TokenGuard).
    { provide: APP_GUARD, useExisting: TokenGuard },
  ],
  exports: [TokenAuthenticator, LoginService, SessionService, UsersModule, TokensModule],
})
export class AuthModule {}
