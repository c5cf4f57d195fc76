import type { Response } from 'express';

/** Text joined at a time: short-lived strings, well under V8's large-object size. */
const PIECE_CHARS = 32 * 1024;
/** The answer is kept in blocks of this size, and handed to the response a block at a time. */
export const BLOCK_BYTES = 1024 * 1024;
/** Blocks kept for the next answers once sent: 16 MB at most, more than a whole 2,000-subject hierarchy. */
const MAX_SPARE_BLOCKS = 16;

/**
 * Blocks whose answer has been sent, for the next answers. Memory touched for the first time
 * costs page faults on this kind of machine: 13 fresh 1 MB blocks took 50–370 ms to fill under
 * load against 1–10 ms for the same blocks again (docs/PERFORMANCE.md, "Hierarchy: samples as
 * text, blocks reused").
 */
const spare: Buffer[] = [];

function newBlock(bytes: number): Buffer {
  return (bytes <= BLOCK_BYTES && spare.pop()) || Buffer.allocUnsafe(Math.max(BLOCK_BYTES, bytes));
}

/**
 * Gives blocks made by JsonChunks back for reuse, once nothing reads them any more (the
 * response has finished): their bytes will be overwritten. Other buffers are ignored.
 */
export function releaseBlocks(blocks: readonly Buffer[]): void {
  for (const b of blocks) {
    if (spare.length >= MAX_SPARE_BLOCKS) return;
    if (b.byteOffset === 0 && b.buffer.byteLength === BLOCK_BYTES) spare.push(Buffer.from(b.buffer, 0, BLOCK_BYTES));
  }
}

/**
 * JSON text collected into 1 MB Buffers instead of one string. A 13 MB answer built as one
 * string (JSON.stringify in `res.json`) is flattened and copied again into a 13 MB Buffer by
 * `res.send`: on this machine every fresh megabyte costs page faults, and those copies plus the
 * garbage they made were a large part of a hierarchy request (docs/PERFORMANCE.md, "Hierarchy:
 * the answer in blocks"). Text is joined 32 kB at a time, so the small strings it is made of die
 * young, and written into the current block; bytes that are already JSON (the hierarchy's
 * samples as PostgreSQL wrote them) are copied in without becoming a string; brotli at quality 1 compresses each write on its
 * own (64 kB writes came out 1.6 × larger), so the blocks are large.
 */
export class JsonChunks {
  private readonly blocks: Buffer[] = [];
  private block: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  private parts: string[] = [];
  private chars = 0;

  /** Appends text that is already JSON. */
  raw(text: string): this {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= PIECE_CHARS) this.flush();
    return this;
  }

  /** Appends bytes that are already JSON text (UTF-8): `buf[start, end)`, copied. */
  bytes(buf: Buffer, start = 0, end = buf.length): this {
    this.flush();
    const n = end - start;
    if (this.used + n > this.block.length) {
      this.close();
      this.block = newBlock(n);
    }
    this.used += buf.copy(this.block, this.used, start, end);
    return this;
  }

  /** The answer's bytes so far, in blocks; the collector is empty afterwards. */
  take(): Buffer[] {
    this.flush();
    this.close();
    return this.blocks.splice(0);
  }

  private flush(): void {
    if (!this.parts.length) return;
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.chars = 0;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used + bytes > this.block.length) {
      this.close();
      this.block = newBlock(bytes);
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private close(): void {
    if (this.used) this.blocks.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(0);
    this.used = 0;
  }
}

/**
 * Sends JSON bytes given in blocks with the headers `res.json` would send (status as set,
 * `Content-Type: application/json; charset=utf-8`, `Content-Length`; no body for HEAD), a block
 * at a time as the connection (or the compression stream) takes them. The blocks are reused
 * for later answers once the response has finished (not when it was cut short): the caller
 * must not keep them.
 */
export async function sendJsonChunks(res: Response, blocks: readonly Buffer[]): Promise<void> {
  const length = blocks.reduce((n, b) => n + b.length, 0);
  if (!res.get('Content-Type')) res.set('Content-Type', 'application/json; charset=utf-8');
  res.set('Content-Length', String(length));
  if (res.req.method === 'HEAD') {
    res.end();
    releaseBlocks(blocks);
    return;
  }
  // 'finish': every byte handed on (through the compression stream, which has read them all).
  res.once('finish', () => releaseBlocks(blocks));
  let closed = false;
  let wake: (() => void) | undefined;
  const resume = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  res.once('close', () => {
    closed = true;
    resume();
  });
  // One listener for the whole answer (the compression middleware hands it to its stream).
  res.on('drain', resume);
  for (const block of blocks) {
    if (closed) return;
    if (!res.write(block)) await new Promise<void>((resolve) => (wake = resolve));
  }
  if (!closed) res.end();
}
