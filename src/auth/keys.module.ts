import { Global, Module } from '@nestjs/common';
import { CredentialsCache } from './credentials-cache';
import { PasswordHasher } from './password-hasher';
import { ServerKey } from './server-key';

/**
 * The server key, the password hasher and the token guard's credentials cache, shared by users,
 * profiles, tokens, auth and the web pages.
 */
@Global()
@Module({ providers: [ServerKey, PasswordHasher, CredentialsCache], exports: [ServerKey, PasswordHasher, CredentialsCache] })
export class KeysModule {}
