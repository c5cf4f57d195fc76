import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Raised when another live process holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`DATA_DIR ${dataDir} is in use by process ${pid}; stop it first, or use DATABASE_URL`);
    this.name = 'DataDirInUseError';
  }
}

/** A held lock on a data directory; release() removes it (only if it is still ours). */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `DATA_DIR/refocus.lock` (created exclusively, holding this process's PID). The embedded
 * engine keeps its data in the process that opened it, so a second process on the same
 * directory would silently work on a diverging copy: it is refused instead. A lock whose
 * process is gone (a crash, kill -9) is stale and taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'refocus.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      const release = () => {
        if (ownerOf(path) === process.pid) unlinkSync(path);
        process.removeListener('exit', release);
      };
      process.once('exit', release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = ownerOf(path);
      if (pid !== undefined && pid !== process.pid && alive(pid)) throw new DataDirInUseError(dataDir, pid);
      if (pid === process.pid) throw new DataDirInUseError(dataDir, pid); // opened twice in this process
      try {
        unlinkSync(path); // stale: its process is gone (or the file is half-written garbage)
      } catch {
        /* someone else removed it first: try again */
      }
    }
  }
  throw new Error(`Could not lock DATA_DIR ${dataDir}`);
}
