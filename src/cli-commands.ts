import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseArgs } from 'node:util';
import { callerOf, SESSION_CREDENTIALS, type AuthenticatedUser } from './auth/caller';
import { UpsertSampleDto } from './samples/dto/sample.dto';
import { SamplesService } from './samples/samples.service';
import type { ListTokensQuery } from './tokens/dto/list-tokens.query';
import { TokensService } from './tokens/tokens.service';
import type { TokenRecord } from './tokens/token.presenter';
import { FIRST_ADMIN_NAME } from './users/user.entity';
import { UsersRepository } from './users/users.repository';

/** A mistake in the command line: printed with a hint, exit status 64. */
export class UsageError extends Error {}

/** The operator's commands for tokens and samples (usage text in cli.ts). */
export const TOKEN_AND_SAMPLE_USAGE = `  cli token list [--user NAME]
      Lists API tokens (all users, or one): name, user, created, last used, expiry, revoked.
      Never shows a secret.

  cli token revoke --user NAME --name TOKEN
      Revokes that user's token (it stops working on the next request).

  cli sample upsert --name SUBJECT_PATH|ASPECT --value VALUE [--as USER] [--message-code CODE]
                    [--message-body TEXT] [--override]
      Creates or updates one sample as USER (default ${FIRST_ADMIN_NAME}), with the same rules
      as POST /v1/samples/upsert (the aspect's writers; --override lets an admin past them).
      Prints the sample as JSON.
`;

/** The caller a command acts as: the user as stored (profile from the database), without a token. */
async function callerFor(ctx: INestApplicationContext, userKey: string): Promise<AuthenticatedUser> {
  const user = await ctx.get(UsersRepository).findByKey(userKey);
  if (!user) throw new UsageError(`no such user: ${userKey}`);
  return callerOf({ id: user.id, name: user.name, email: user.email, profileName: user.profile?.name ?? '' }, SESSION_CREDENTIALS);
}

function tokenLine(t: TokenRecord): string {
  const date = (d: Date | string | null) => (d ? new Date(d).toISOString().replace(/\.\d+Z$/, 'Z') : '-');
  const revoked = t.isRevoked === '0' ? 'no' : `yes (${date(new Date(Number(t.isRevoked)))})`;
  return [t.name, t.user?.name ?? '-', date(t.createdAt), date(t.lastUsed), date(t.expiresAt), revoked].join('\t');
}

/** `cli token list [--user NAME]`: a tab-separated table with a header line. */
export async function tokenList(ctx: INestApplicationContext, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' } } });
  const operator = await callerFor(ctx, FIRST_ADMIN_NAME);
  if (values.user) await callerFor(ctx, values.user); // an unknown user is an error, not an empty table
  const page = await ctx.get(TokensService).list(operator, { user: values.user } as ListTokensQuery);
  const head = ['NAME', 'USER', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'].join('\t');
  return [head, ...page.items.map(tokenLine)].join('\n');
}

/** `cli token revoke --user NAME --name TOKEN`. */
export async function tokenRevoke(ctx: INestApplicationContext, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' }, name: { type: 'string' } } });
  if (!values.user || !values.name) throw new UsageError('token revoke needs --user NAME and --name TOKEN');
  const operator = await callerFor(ctx, FIRST_ADMIN_NAME);
  const t = await ctx.get(TokensService).revokeOfUser(operator, values.user, values.name);
  return `Revoked the token "${t.name}" of ${t.user?.name ?? values.user}`;
}

/** `cli sample upsert --name S|A --value V [--as USER]`: the API's upsert, as that user. */
export async function sampleUpsert(ctx: INestApplicationContext, args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      value: { type: 'string' },
      as: { type: 'string' },
      'message-code': { type: 'string' },
      'message-body': { type: 'string' },
      override: { type: 'boolean' },
    },
  });
  if (!values.name || values.value === undefined) throw new UsageError('sample upsert needs --name SUBJECT_PATH|ASPECT and --value VALUE');
  const caller = await callerFor(ctx, values.as ?? FIRST_ADMIN_NAME);
  // the same validation as the API's body: the service trusts a validated DTO
  const dto = plainToInstance(UpsertSampleDto, { name: values.name, value: values.value, messageCode: values['message-code'], messageBody: values['message-body'] });
  const problems = validateSync(dto, { skipUndefinedProperties: true }).flatMap((e) => Object.values(e.constraints ?? {}));
  if (problems.length) throw new UsageError(problems.join('; '));
  const sample = await ctx.get(SamplesService).upsert(caller, dto, !!values.override);
  return JSON.stringify(sample, null, 2);
}
