import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { MetricsService } from '../metrics/metrics.service';
import { DrainState } from './drain-state';
import { HttpDrainer } from './http-drainer';

/** How long the shutdown hooks (realtime clients told, database closed) may take after the drain. */
const HOOKS_GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: report not-ready, stop accepting, let the requests in flight finish
 * (answered with `Connection: close`; idle keep-alive connections closed at once), close what
 * is left after `timeoutMs`, run every module's shutdown hooks (`app.close()`: the realtime
 * gateway tells and disconnects its clients, jobs stop, the pool closes), then `after`
 * (the embedded engine, the metrics listener), and exit 0.
 */
export function closeOnSignals(app: NestExpressApplication, timeoutMs: number, after: () => Promise<void>): void {
  const log = new Logger('Shutdown');
  const drainer = new HttpDrainer(app.getHttpServer() as Server);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    app.get(DrainState).start();
    app.get(MetricsService).draining.set(1);
    log.log(`${signal} received: draining ${drainer.inFlight} request(s) in flight, for at most ${timeoutMs} ms`);
    const hard = setTimeout(() => {
      log.error('Shutdown hooks did not finish in time: exiting anyway');
      process.exit(1);
    }, timeoutMs + HOOKS_GRACE_MS);
    hard.unref();
    const drained = await drainer.drain(timeoutMs);
    if (drained.forced) log.warn(`Deadline of ${timeoutMs} ms reached: closed the connections still in use`);
    await app.close();
    await after();
    log.log(`Stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
