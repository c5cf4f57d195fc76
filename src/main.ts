import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, ConfigValidationError, loadConfig } from './config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { closeOnSignals } from './health/graceful-shutdown';
import { startMetricsServer } from './metrics/metrics-server';
import { MetricsService } from './metrics/metrics.service';
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

  let metrics: { port: number; close(): Promise<void> } | undefined;
  closeOnSignals(app, config.shutdownTimeoutMs, async () => {
    await metrics?.close();
    await embedded?.stop();
  });

  await app.listen(config.port);
  if (config.metricsPort !== undefined) {
    metrics = await startMetricsServer(app.get(MetricsService), config.metricsPort);
    log.log(`Metrics: GET /metrics on port ${metrics.port}`);
  }
  logStartupBanner(app, config);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
