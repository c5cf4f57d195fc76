import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { BusTransport, chunkText, MemoryTransport, PostgresTransport, RealtimeBus, RedisTransport } from '../../src/realtime/realtime-bus';
import { RealtimeRepository } from '../../src/realtime/realtime.repository';
import { createTestDatabase, TestDatabase } from '../support/database';

const onServer = !!process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two buses on one transport kind stand for two processes. */
async function pair(make: () => BusTransport): Promise<[RealtimeBus, RealtimeBus]> {
  const a = new RealtimeBus(make());
  const b = new RealtimeBus(make());
  await Promise.all([a.start(), b.start()]);
  return [a, b];
}

function collect(bus: RealtimeBus, topic: string): unknown[] {
  const got: unknown[] = [];
  bus.subscribe(topic, (m) => got.push(m));
  return got;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What every transport must do: reach every process including the sender, in order, any size. */
async function behaves(a: RealtimeBus, b: RealtimeBus, shared: boolean): Promise<void> {
  const gotA = collect(a, 'x');
  const gotB = collect(b, 'x');
  const other = collect(b, 'y');
  const big = { text: 'é€𝄞'.repeat(5000) + 'a'.repeat(20_000) };
  for (let i = 0; i < 20; i++) void a.publish('x', { i });
  await a.publish('x', big);
  await until(() => gotA.length === 21 && (!shared || gotB.length === 21));
  expect(gotA.slice(0, 20)).toEqual([...Array(20).keys()].map((i) => ({ i })));
  expect(gotA[20]).toEqual(big);
  if (shared) expect(gotB).toEqual(gotA);
  expect(other).toEqual([]);
}

describe('RealtimeBus', () => {
  it('chunks text by UTF-8 bytes without splitting a surrogate pair', () => {
    const text = '𝄞'.repeat(3000) + 'x';
    const parts = chunkText(text, 7800);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7800);
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('delivers in process, in order, to the sender', async () => {
    const a = new RealtimeBus(new MemoryTransport());
    await a.start();
    await behaves(a, a, false);
    await a.stop();
  });

  (onServer ? describe : describe.skip)('between processes (PostgreSQL pass only: the embedded engine forwards no NOTIFY)', () => {
    let db: TestDatabase;
    let pool: Pool;
    beforeAll(async () => {
      db = await createTestDatabase();
      pool = new Pool({ connectionString: db.url, max: 4 });
    });
    afterAll(async () => {
      await pool.end();
      await db.drop();
    });

    it('LISTEN/NOTIFY: every process, in order, envelopes over 8000 bytes in chunks', async () => {
      const ds = { query: (sql: string, params: unknown[]) => pool.query(sql, params).then((r) => r.rows) } as unknown as DataSource;
      const [a, b] = await pair(() => new PostgresTransport(db.url, new RealtimeRepository(ds)));
      await behaves(a, b, true);
      await Promise.all([a.stop(), b.stop()]);
    });

    it('Redis pub/sub: every process, in order', async () => {
      const [a, b] = await pair(() => new RedisTransport(REDIS_URL));
      await behaves(a, b, true);
      await Promise.all([a.stop(), b.stop()]);
    });
  });
});
