import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module';
import { IdentitySeeder } from './auth/identity-seeder';
import { PasswordHasher } from './auth/password-hasher';
import { ApiError } from './common/errors/api-errors';
import { AppConfig, ConfigValidationError, loadConfig } from './config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { TokensService } from './tokens/tokens.service';
import { FIRST_ADMIN_NAME } from './users/user.entity';
import { UsersRepository } from './users/users.repository';
import { sampleUpsert, TOKEN_AND_SAMPLE_USAGE, tokenList, tokenRevoke, UsageError } from './cli-commands';

const USAGE = `Operator commands (same environment as the server: DATABASE_URL or DATA_DIR, SECRET_KEY).
Run them as: npm run -s cli -- COMMAND [OPTIONS]   (after a build: npm start or npm run build)

  cli token create --user NAME --name TOKEN [--expires ISO-DATE]
      Creates an API token for the user and prints only the token.

${TOKEN_AND_SAMPLE_USAGE}
  cli admin reset-password [--user NAME] [--password PASSWORD | --password-stdin]
      Sets a new password for the first admin (or --user). Without a password, generates
      one and prints it.

With the embedded database (no DATABASE_URL), stop the server first: one process at a time
can open DATA_DIR.

  cli --help    This text.
`;

type Ctx = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function tokenCreate(ctx: Ctx, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } } });
  if (!values.user || !values.name) throw new UsageError('token create needs --user NAME and --name TOKEN');
  if (values.name.length > 60) throw new UsageError('--name can be at most 60 characters');
  const expires = values.expires ? new Date(values.expires) : null;
  if (expires && !(expires.getTime() > Date.now())) throw new UsageError('--expires must be a date in the future');
  const user = await ctx.get(UsersRepository).findByKey(values.user);
  if (!user) throw new UsageError(`no such user: ${values.user}`);
  const { secret } = await ctx.get(TokensService).issue(user.id, values.name.trim(), expires);
  return secret;
}

async function resetPassword(ctx: Ctx, args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const given = values['password-stdin'] ? await readStdin() : values.password;
  if (given !== undefined && given.length < 8) throw new UsageError('the password must have at least 8 characters');
  const users = ctx.get(UsersRepository);
  const user = await users.findByKey(values.user ?? FIRST_ADMIN_NAME);
  if (!user) throw new UsageError(`no such user: ${values.user ?? FIRST_ADMIN_NAME}`);
  const password = given ?? randomBytes(18).toString('base64url');
  await users.update(user.id, { passwordHash: await ctx.get(PasswordHasher).hash(password) });
  return given === undefined ? password : '';
}

function commandOf(argv: string[]): ((ctx: Ctx, args: string[]) => Promise<string>) | undefined {
  const [area, command] = argv;
  if (area === 'token' && command === 'create') return tokenCreate;
  if (area === 'admin' && command === 'reset-password') return resetPassword;
  if (area === 'token' && command === 'list') return tokenList;
  if (area === 'token' && command === 'revoke') return tokenRevoke;
  if (area === 'sample' && command === 'upsert') return sampleUpsert;
  return undefined;
}

/** Runs one command against the database; returns what to print on stdout. */
export async function runCli(argv: string[], config: AppConfig, databaseUrl: string, embedded: boolean): Promise<string> {
  const run = commandOf(argv);
  const rest = argv.slice(2);
  if (!run) throw new UsageError(USAGE);
  const quiet = Object.assign(Object.create(AppConfig.prototype) as AppConfig, config, { logLevel: 'silent' });
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(quiet, { url: databaseUrl, embedded }), { logger: false });
  try {
    const generated = ctx.get(IdentitySeeder).generatedPassword;
    if (generated) process.stderr.write(`Created the first admin ${FIRST_ADMIN_NAME}; its generated password: ${generated}\n`);
    return await run(ctx, rest);
  } finally {
    await ctx.close();
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    process.stdout.write(USAGE); // asked for: stdout, exit 0
    return;
  }
  if (!commandOf(argv)) {
    const what = argv.length ? `Unknown command: ${argv.slice(0, 2).join(' ')}` : 'No command given';
    process.stderr.write(`${what}\n\n${USAGE}`);
    process.exitCode = 64;
    return;
  }
  let embedded: EmbeddedPostgres | undefined;
  try {
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres(config.dataDir);
      url = embedded.url;
    }
    const out = await runCli(process.argv.slice(2), config, url, !!embedded);
    if (out) process.stdout.write(`${out}\n`);
  } catch (e) {
    const message = e instanceof ApiError ? (e.items[0]?.message ?? e.message) : e instanceof Error ? e.message : String(e);
    process.stderr.write(`${message}\n`);
    const usage = e instanceof UsageError || String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    process.exitCode = usage ? 64 : 1;
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) void main();
