/**
 * The embedded engine (PGlite served on a loopback port), in its own process so that the
 * servers under test and the runner reach it over a socket as they would reach PostgreSQL.
 * Data lives in a fresh temporary directory, removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { announceFailure, announceReady, serveRequests } from './child';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'refocus-bench-'));
  const pg = await startEmbeddedPostgres(dir);
  serveRequests({
    stats: () => ({ rss: process.memoryUsage.rss(), maxRss: process.resourceUsage().maxRSS * 1024 }),
    stop: async () => {
      await pg.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    },
  });
  announceReady({ url: pg.url, dir });
}

main().catch(announceFailure);
