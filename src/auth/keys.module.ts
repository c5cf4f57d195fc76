import { Global, Module } from '@nestjs/common';
import { CredentialsChanges } from '../common/credentials-changes';
import { CredentialsCache } from './credentials-cache';
import { PasswordHasher } from './password-hasher';
import { ServerKey } from './server-key';

/**
 * The server key, the password hasher, the announcements of credential changes (made by users,
 * profiles and tokens) and the token guard's credentials cache that listens to them.
 */
@Global()
@Module({
  providers: [ServerKey, PasswordHasher, CredentialsChanges, CredentialsCache],
  exports: [ServerKey, PasswordHasher, CredentialsChanges, CredentialsCache],
})
export class KeysModule {}
