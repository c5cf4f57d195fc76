import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

/** Bounds on what a zip may expand to: a small upload must not become gigabytes (zip bombs). */
export interface ZipLimits {
  /** Most entries (files and folders) the archive may list. */
  maxEntries: number;
  /** Most bytes all files together may expand to. */
  maxTotalBytes: number;
}

/** The archive is not a readable zip (corrupt, encrypted, unsafe names, sizes that lie). */
export class InvalidZipError extends Error {}

/** The archive is a zip but expands beyond the limits. */
export class ZipTooLargeError extends Error {}

/**
 * Reads every file of a zip held in memory into a map path → content. The declared sizes are
 * checked against the limits before anything is inflated, and yauzl verifies while inflating
 * that each entry really has its declared size, so the limits hold for lying archives too.
 */
export async function readZip(buffer: Buffer, limits: ZipLimits): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw new InvalidZipError('not a zip archive');
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipTooLargeError(`more than ${limits.maxEntries} entries`);
    return await readEntries(zip, limits);
  } finally {
    try {
      zip.close();
    } catch {
      // already closed after an error
    }
  }
}

async function readEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let declared = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue; // a folder
      if (entry.isEncrypted()) throw new InvalidZipError('encrypted entries are not supported');
      declared += entry.uncompressedSize;
      if (declared > limits.maxTotalBytes) throw new ZipTooLargeError(`expands beyond ${limits.maxTotalBytes} bytes`);
      files.set(entry.fileName, await readAll(await zip.openReadStreamPromise(entry)));
    }
  } catch (e) {
    if (e instanceof ZipTooLargeError || e instanceof InvalidZipError) throw e;
    throw new InvalidZipError('corrupt zip archive');
  }
  return files;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
