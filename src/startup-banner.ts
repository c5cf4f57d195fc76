import { Logger, LoggerService } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { IdentitySeeder } from './auth/identity-seeder';
import type { AppConfig } from './config/app-config';
import { FIRST_ADMIN_NAME } from './users/user.entity';

/** Nest's own start-up chatter (one line per module and per route): useful when debugging only. */
const CHATTY_CONTEXTS = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'NestFactory', 'NestApplication', 'WebSocketsController']);

/**
 * Wraps the application logger so that Nest's module and route-mapping lines are written at
 * `debug` instead of `info`: at the default level the console shows the banner, not 130 routes.
 */
export function quietStartupLogger(inner: LoggerService): LoggerService {
  const debug = (message: unknown, ...rest: unknown[]) => inner.debug?.(message, ...rest);
  return {
    log: (message: unknown, ...rest: unknown[]) => (CHATTY_CONTEXTS.has(String(rest[rest.length - 1])) ? debug(message, ...rest) : inner.log(message, ...rest)),
    error: (message: unknown, ...rest: unknown[]) => inner.error(message, ...rest),
    warn: (message: unknown, ...rest: unknown[]) => inner.warn(message, ...rest),
    debug,
    verbose: (message: unknown, ...rest: unknown[]) => inner.verbose?.(message, ...rest),
    fatal: (message: unknown, ...rest: unknown[]) => (inner.fatal ?? inner.error).call(inner, message, ...rest),
    setLogLevels: inner.setLogLevels?.bind(inner),
  };
}

/** Where the database is, for a person: never the password of a DATABASE_URL. */
export function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite), data in ${config.dataDir}`;
  try {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname} (DATABASE_URL)`;
  } catch {
    return 'PostgreSQL at DATABASE_URL';
  }
}

/** The lines of the start-up banner (exported for the test). */
export function bannerLines(config: AppConfig, generatedPassword?: string): string[] {
  const base = `http://localhost:${config.port}`;
  const admin = generatedPassword
    ? `${FIRST_ADMIN_NAME} / ${generatedPassword}   (generated at this first start, shown only once: keep it)`
    : `${FIRST_ADMIN_NAME} (password from ADMIN_PASSWORD, or the one printed at the first start)`;
  return [
    `Refocus API ready at ${base}`,
    `  Sign in:   ${base}/login   as ${admin}`,
    `  Tokens:    ${base}/tokens/new`,
    `  API docs:  ${base}/v1/docs   (OpenAPI: ${base}/v1/api-docs)`,
    `  Database:  ${describeDatabase(config)}`,
    `  Data dir:  ${config.dataDir}`,
  ];
}

/** Logs the banner at `info` once the server listens: the first thing a newcomer needs, at a glance. */
export function logStartupBanner(app: INestApplication, config: AppConfig): void {
  const seeder = app.get(IdentitySeeder, { strict: false });
  const log = new Logger('Refocus');
  for (const line of bannerLines(config, seeder.generatedPassword)) log.log(line);
}
