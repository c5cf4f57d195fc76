import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { ServerKey } from './server-key';

/** The server key and the password hasher, shared by users, tokens, auth and the web pages. */
@Global()
@Module({ providers: [ServerKey, PasswordHasher], exports: [ServerKey, PasswordHasher] })
export class KeysModule {}
