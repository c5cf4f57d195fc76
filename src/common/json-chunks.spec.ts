import { JsonChunks, releaseBlocks } from './json-chunks';

/** `n` characters of `d`. */
const text = (d: string, n: number) => d.repeat(n);

/** An answer of `n` × 30,000 characters of `d`, written as the hierarchy writes: many small pieces. */
function answer(d: string, n: number): Buffer[] {
  const out = new JsonChunks();
  for (let i = 0; i < n; i++) out.raw(text(d, 30_000));
  return out.take();
}

describe('JsonChunks', () => {
  it('keeps the text in blocks of 1 MB, byte for byte', () => {
    const out = new JsonChunks();
    const pieces = Array.from({ length: 100 }, (_, i) => `"${text(String(i % 10), 30_000)}é",`);
    for (const p of pieces) out.raw(p);
    const blocks = out.take();
    expect(blocks.length).toBeGreaterThan(1);
    expect(Buffer.concat(blocks).toString('utf8')).toBe(pieces.join(''));
  });

  it('keeps text and bytes in the order given, bytes copied from their range', () => {
    const out = new JsonChunks();
    const source = Buffer.from('xx"bytes é"yy');
    const big = Buffer.from(`"${'z'.repeat(1_500_000)}"`);
    out.raw('[').bytes(source, 2, 12).raw(',"text ✓",').bytes(big).raw(',').bytes(Buffer.from('1')).raw(']');
    source.fill(0); // copied, not kept
    const blocks = out.take();
    expect(blocks.length).toBeGreaterThan(1);
    expect(JSON.parse(Buffer.concat(blocks).toString('utf8'))).toEqual(['bytes é', 'text ✓', 'z'.repeat(1_500_000), 1]);
  });

  it('reuses released blocks for the next answer, and writes the new bytes over the old', () => {
    const first = answer('a', 100);
    expect(first).toHaveLength(3);
    const buffers = new Set(first.map((b) => b.buffer));
    releaseBlocks(first);
    const second = answer('b', 90);
    expect(second).toHaveLength(3);
    expect(second.every((b) => buffers.has(b.buffer))).toBe(true);
    expect(Buffer.concat(second).toString('utf8')).toBe(text('b', 2_700_000));
    // The second answer not released yet: a third one gets blocks of its own, and leaves it alone.
    const third = answer('c', 2);
    expect(buffers.has(third[0].buffer)).toBe(false);
    expect(Buffer.concat(second).toString('utf8')).toBe(text('b', 2_700_000));
  });

  it('ignores buffers it did not make', () => {
    releaseBlocks([Buffer.from('{}'), Buffer.alloc(2 * 1024 * 1024)]);
    const blocks = new JsonChunks().raw('{"a":1}').take();
    expect(blocks[0].buffer.byteLength).toBe(1024 * 1024);
    expect(Buffer.concat(blocks).toString('utf8')).toBe('{"a":1}');
  });
});
