/**
 * The embedded engine (PGlite served on a loopback port), in its own process so that the
 * servers under test and the runner reach it over a socket as they would reach PostgreSQL.
 * Data lives in a fresh temporary directory, removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { announceFailure, announceReady, exitWithRunner, serveRequests } from './child';

let running: { stop(): Promise<void>; dir: string } | undefined;
async function stopAndRemove(): Promise<void> {
  if (!running) return;
  const { stop, dir } = running;
  running = undefined;
  await stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
exitWithRunner(stopAndRemove);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'refocus-bench-'));
  running = { dir, stop: async () => undefined };
  const pg = await startEmbeddedPostgres(dir);
  if (!running) return void (await pg.stop());
  running.stop = () => pg.stop();
  serveRequests({
    stats: () => ({ rss: process.memoryUsage.rss(), maxRss: process.resourceUsage().maxRSS * 1024 }),
    stop: async () => {
      await stopAndRemove();
      process.exit(0);
    },
  });
  announceReady({ url: pg.url, dir });
}

main().catch(announceFailure);
