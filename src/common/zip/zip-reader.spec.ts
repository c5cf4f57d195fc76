import { lensZip, makeZip } from '../../../test/fixtures/zip';
import { InvalidZipError, readZip, ZipTooLargeError } from './zip-reader';

const LIMITS = { maxEntries: 10, maxTotalBytes: 10_000 };

/** Rewrites the uncompressed size of every entry (local and central headers) so the archive lies. */
function lieAboutSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24); // central directory header
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22); // local file header
  }
  return out;
}

describe('readZip', () => {
  it('reads every file, skipping folders', async () => {
    const files = await readZip(await makeZip({ 'a.txt': 'A', 'dir/b.txt': 'B' }), LIMITS);
    expect([...files.keys()].sort()).toEqual(['a.txt', 'dir/b.txt']);
    expect(files.get('dir/b.txt')?.toString()).toBe('B');
  });

  it('refuses what is not a zip', async () => {
    await expect(readZip(Buffer.from('not a zip'), LIMITS)).rejects.toBeInstanceOf(InvalidZipError);
    await expect(readZip(Buffer.alloc(0), LIMITS)).rejects.toBeInstanceOf(InvalidZipError);
  });

  it('refuses a truncated zip', async () => {
    const zip = await lensZip();
    await expect(readZip(zip.subarray(0, zip.length - 30), LIMITS)).rejects.toBeInstanceOf(InvalidZipError);
  });

  it('refuses more entries than allowed before inflating anything', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 11; i++) files[`${i}.txt`] = 'x';
    await expect(readZip(await makeZip(files), LIMITS)).rejects.toBeInstanceOf(ZipTooLargeError);
  });

  it('refuses archives that expand beyond the byte limit', async () => {
    const zip = await makeZip({ 'a.bin': Buffer.alloc(6000), 'b.bin': Buffer.alloc(6000) });
    expect(zip.length).toBeLessThan(1000);
    await expect(readZip(zip, LIMITS)).rejects.toBeInstanceOf(ZipTooLargeError);
  });

  it('refuses an archive whose entries inflate to more than they declare', async () => {
    const honest = await makeZip({ 'a.bin': Buffer.alloc(50_000) });
    await expect(readZip(honest, LIMITS)).rejects.toBeInstanceOf(ZipTooLargeError);
    await expect(readZip(lieAboutSizes(honest, 10), LIMITS)).rejects.toBeInstanceOf(InvalidZipError);
  });
});
