import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';

// The contrib entry point declares its types for ESM only; the CommonJS build is what runs here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pgcrypto } = require('@electric-sql/pglite/contrib/pgcrypto') as typeof import('@electric-sql/pglite/dist/contrib/pgcrypto');

/** A running embedded PostgreSQL (PGlite) served on a loopback port to the ordinary pg driver. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
  /** The whole data directory as an uncompressed tarball, to start other engines from (tests). */
  dump?(): Promise<Blob>;
}

/**
 * Starts PGlite on `dataDir` (or in memory for 'memory://') and serves it on 127.0.0.1 at a free
 * port. A new data directory takes a few seconds to initialise; later starts reuse it. An
 * in-memory engine may start from a dump of another (`from`), which skips that initialisation.
 */
export async function startEmbeddedPostgres(dataDir: string, from?: Blob): Promise<EmbeddedPostgres> {
  const inMemory = dataDir === 'memory://';
  const dir = inMemory ? undefined : resolve(dataDir, 'pg');
  // one process per data directory: a second one would work on a silently diverging copy
  const lock = inMemory ? undefined : lockDataDir(dataDir);
  if (dir) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { pgcrypto }, ...(inMemory && from ? { loadDataDir: from } : {}) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
      lock?.release();
    },
    dump: () => db.dumpDataDir('none'),
  };
}
