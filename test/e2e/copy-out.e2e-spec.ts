import { escapeLiteral, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { copyOut, CopyFormatError } from '../../src/database/copy-out';
import { isDatabaseUnavailable } from '../../src/database/database-errors';
import { createTestDatabase, TestDatabase } from '../support/database';

/** Every row copyOut gave, each field as a string (null when empty), and how many blocks held them. */
async function copied(pool: Pool, select: string, fields: number): Promise<{ rows: (string | null)[][]; blocks: number }> {
  const rows: (string | null)[][] = [];
  const blocks = new Set<Buffer>();
  await copyOut(pool, select, fields, ({ block, start, end }) => {
    blocks.add(block);
    rows.push(start.map((s, i) => (end[i] > s ? block.toString('utf8', s, end[i]) : null)));
  });
  return { rows, blocks: blocks.size };
}

/**
 * copyOut: a SELECT's rows as bytes through COPY … TO STDOUT (the hierarchy's samples), on the
 * real server and on the embedded engine alike.
 */
describe('copyOut', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2, query_timeout: 1500 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("gives each row's fields as the bytes PostgreSQL wrote, nulls empty, across blocks", async () => {
    const select = `SELECT g::text, to_json('é ✓ "q" \\ ' || g)::text, CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('x', 400) END
      FROM generate_series(1, 6000) g ORDER BY g`;
    const expected = (await pool.query<string[]>({ text: select, rowMode: 'array' })).rows;
    const { rows, blocks } = await copied(pool, select, 3);
    expect(rows).toEqual(expected);
    expect(blocks).toBeGreaterThan(1); // about 2.5 MB of rows
  });

  it('keeps a row larger than a block whole', async () => {
    const { rows } = await copied(pool, `SELECT 'a', repeat('y', 3000000)`, 2);
    expect(rows).toEqual([['a', 'y'.repeat(3_000_000)]]);
  });

  it('places literals safely (COPY takes no parameters)', async () => {
    const odd = "it's \\ a 'test' é";
    const { rows } = await copied(pool, `SELECT to_json(${escapeLiteral(odd)}::text)::text`, 1);
    expect(JSON.parse(rows[0][0]!)).toBe(odd);
  });

  it('refuses rows it would have to guess at, and the pool goes on', async () => {
    // CSV quotes an empty string and a value with a line break: refused, never misread
    await expect(copied(pool, `SELECT 'a', ''`, 2)).rejects.toBeInstanceOf(CopyFormatError);
    await expect(copied(pool, `SELECT 'a', E'two\\nlines'`, 2)).rejects.toBeInstanceOf(CopyFormatError);
    await expect(copied(pool, `SELECT 'a', 'b', 'c'`, 2)).rejects.toThrow(/more than 2 fields/);
    await expect(copied(pool, `SELECT 'a'`, 2)).rejects.toThrow(/fewer than 2 fields/);
    expect((await copied(pool, `SELECT 'ok'`, 1)).rows).toEqual([['ok']]);
  });

  it("fails as DataSource.query does: TypeORM's QueryFailedError with the SQLSTATE", async () => {
    const failure = copied(pool, `SELECT 'not-a-uuid'::uuid`, 1);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '22P02' } });
    expect((await copied(pool, `SELECT 'ok'`, 1)).rows).toEqual([['ok']]);
  });

  it("stops at the pool's statement limit, and a finished COPY is not failed afterwards", async () => {
    const t0 = Date.now();
    const late = await copied(pool, `SELECT 'a' FROM pg_sleep(5)`, 1).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(QueryFailedError);
    expect((late as Error).message).toMatch(/Query read timeout/);
    expect(isDatabaseUnavailable(late)).toBe(true); // answered 503, as every other statement past its limit
    // (the embedded engine may run in this process, where a statement holds the event loop until it ends)
    if (!db.embedded) expect(Date.now() - t0).toBeLessThan(4000);
    // A quick COPY, then more than the limit: its timer was cleared (no late error, no lost connection).
    const errors: unknown[] = [];
    pool.on('error', (e) => errors.push(e));
    expect((await copied(pool, `SELECT 'quick'`, 1)).rows).toEqual([['quick']]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(errors).toEqual([]);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  }, 20_000);

  it('fails fast and as "unavailable" (a 503) when no connection can be had', async () => {
    const down = new Pool({ host: '127.0.0.1', port: 9, connectionTimeoutMillis: 1000 });
    try {
      const failure = await copied(down, `SELECT 'a'`, 1).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect(isDatabaseUnavailable(failure)).toBe(true);
    } finally {
      await down.end();
    }
  });
});
