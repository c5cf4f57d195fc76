import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, ConfigValidationError, loadConfig } from './config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { logStartupBanner } from './startup-banner';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const log = new Logger('Bootstrap');
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log.log(`DATABASE_URL is not set: starting the embedded PostgreSQL (PGlite) in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
  }
  const app = await createApp(config, { url, embedded: !!embedded });
  log.log(embedded ? `Database: embedded PostgreSQL in ${config.dataDir}` : 'Database: PostgreSQL at DATABASE_URL');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.log(`${signal} received: finishing in-flight requests`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port);
  logStartupBanner(app, config);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
