import type { Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { BLOCK_BYTES } from '../common/json-chunks';

/** Between the fields of a copied row: the ASCII unit separator. */
const FIELD = 0x1f;
/** The end of a copied row. */
const NEWLINE = 0x0a;
/** COPY's CSV quote: the ASCII record separator. A field that starts with it was quoted, which copyOut refuses. */
const QUOTE = 0x1e;

/** A row of copyOut: its fields' bytes, `block[start[i], end[i])`; a null field is empty. Valid during the callback only (the object is reused); the block's bytes stay. */
export interface CopiedRow {
  block: Buffer;
  start: number[];
  end: number[];
}

/**
 * The rows of `select` as bytes, through `COPY (select) TO STDOUT`: no JavaScript string per
 * value. For reads of tens of thousands of rows whose values are already the answer's text
 * (the hierarchy's samples as JSON): pg's ordinary protocol makes a string of every value,
 * 12 MB of them per hierarchy, and the garbage collector's work on them was the largest
 * part of the request (docs/PERFORMANCE.md, "Hierarchy: samples as bytes").
 *
 * The rows are written as CSV with the ASCII unit separator between fields and the record
 * separator as quote, so that nothing is quoted: every field must be free of control
 * characters (JSON text, uuids, names), and never an empty string (empty means null). A quoted
 * field or a row with another number of fields is refused with an error rather than misread.
 * COPY takes no parameters: values go into `select` as literals (pg's `escapeLiteral`).
 *
 * `onRow` gets every row in order, with `fields` fields. The blocks the rows are copied into
 * are not reused: the bytes they point to stay valid as long as the caller keeps them.
 * Runs on a connection of its own from `pool`, under the pool's statement limit; failures are
 * TypeORM's QueryFailedError, as from `DataSource.query` (a database that cannot answer is a 503).
 */
export async function copyOut(pool: Pool, select: string, fields: number, onRow: (row: CopiedRow) => void): Promise<void> {
  const text = `COPY (${select}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')`;
  let client;
  try {
    client = await pool.connect();
  } catch (e) {
    throw new QueryFailedError(text, [], e as Error);
  }
  let failure: Error | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      client.query(new CopyRows(text, fields, onRow, (err) => (err ? reject(err) : resolve())) as never);
    });
  } catch (e) {
    failure = e as Error;
    throw e instanceof CopyFormatError ? e : new QueryFailedError(text, [], failure);
  } finally {
    // A connection whose COPY failed is not trusted with the next statement (a time limit may have left it mid-answer).
    client.release(failure);
  }
}

/** A copied row that copyOut cannot read without guessing: a programming error in the statement, not bad input. */
export class CopyFormatError extends Error {}

/**
 * The COPY as pg runs it (a "submittable", as pg-cursor and pg-copy-streams are): pg hands it
 * each CopyData message, which PostgreSQL sends one per row; its bytes are copied out at once,
 * because pg's parser may reuse its buffer afterwards. pg wraps `callback` with the statement's
 * time limit and calls it when the limit runs out; the COPY calls it on ReadyForQuery or an error.
 * (pg-copy-streams' COPY TO never calls it, so its time limit fires after the COPY has finished:
 * brianc/node-pg-copy-streams#156.)
 */
class CopyRows {
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private readonly row: CopiedRow;
  private error?: Error;

  constructor(
    readonly text: string,
    private readonly fields: number,
    private readonly onRow: (row: CopiedRow) => void,
    public callback: (err?: Error) => void,
  ) {
    this.row = { block: this.block, start: new Array<number>(fields).fill(0), end: new Array<number>(fields).fill(0) };
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.error) return;
    try {
      this.take(msg.chunk);
    } catch (e) {
      this.error = e as Error; // reported once PostgreSQL has finished (ReadyForQuery)
    }
  }

  handleReadyForQuery(): void {
    this.callback(this.error);
  }

  handleError(err: Error): void {
    this.callback(this.error ?? err);
  }

  // The rest of the protocol carries nothing for a COPY TO.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}

  /** Copies the row into the current block (a block of the answer's size; a larger row gets one of its own). */
  private take(chunk: Buffer): void {
    // Fields are found in the chunk itself, which ends with the row (indexOf then stops there).
    const n = chunk.length;
    const stop = chunk[n - 1] === NEWLINE ? n - 1 : n;
    if (this.used + n > this.block.length) {
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, n));
      this.used = 0;
    }
    const from = this.used;
    const { start, end } = this.row;
    const last = this.fields - 1;
    let at = 0;
    for (let i = 0; i <= last; i++) {
      const next = i === last ? stop : chunk.indexOf(FIELD, at);
      if (next < 0 || next > stop) throw new CopyFormatError(`a copied row has fewer than ${this.fields} fields`);
      if (next > at && chunk[at] === QUOTE) throw new CopyFormatError('a copied field was quoted (an empty string, or a control character in it)');
      start[i] = from + at;
      end[i] = from + next;
      at = next + 1;
    }
    if (chunk.indexOf(FIELD, start[last] - from) !== -1) throw new CopyFormatError(`a copied row has more than ${this.fields} fields`);
    chunk.copy(this.block, from);
    this.used += n;
    this.row.block = this.block;
    this.onRow(this.row);
  }
}
