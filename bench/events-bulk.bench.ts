/**
 * Standalone bulk events benchmark: why EventsRepository.insertMany is hand-written. 1,000
 * events (what one `POST /v1/events/bulk` may carry) inserted and read back by the repository
 * (one INSERT … SELECT over a jsonb array), against the same events through a QueryBuilder
 * multi-row INSERT on the entity (8,000 parameters) and the same read, alternating round by
 * round on one fresh database. Prints the median milliseconds of each and their ratio.
 *
 *   npx ts-node -T bench/events-bulk.bench.ts     (BENCH_DATABASE_URL, BENCH_ROUNDS=20)
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { entityValues, selectEntityColumns } from '../src/database/entity-select';
import { EventEntity } from '../src/events/event.entity';
import { EventsRepository, EventValues } from '../src/events/events.repository';
import { createServerDatabase, DEFAULT_SERVER_URL } from './support/database';

const EVENTS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARM_UP = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const db = await createServerDatabase(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL);
  const ds = new DataSource(dataSourceOptions(db.url, false));
  try {
    await ds.initialize();
    const repo = new EventsRepository(ds);
    const [{ id: profileId }] = (await ds.query(`INSERT INTO profiles (name) VALUES ('bench') RETURNING id`)) as { id: string }[];
    const [{ id: userId }] = (await ds.query(`INSERT INTO users (name, email, password_hash, profile_id) VALUES ('bench', 'bench@example.com', 'x', $1) RETURNING id`, [
      profileId,
    ])) as { id: string }[];
    const [{ id: roomTypeId }] = (await ds.query(`INSERT INTO room_types (name) VALUES ('bench') RETURNING id`)) as { id: string }[];
    const [{ id: roomId }] = (await ds.query(`INSERT INTO rooms (name, type) VALUES ('bench', $1) RETURNING id`, [roomTypeId])) as { id: number }[];
    const events: EventValues[] = Array.from({ length: EVENTS }, (_, i) => ({
      log: `event ${i}`,
      actionType: 'comment',
      context: { type: 'Comment', n: i },
      roomId,
      botId: null,
      botDataId: null,
      botActionId: null,
      userId,
    }));

    const handWritten = async (): Promise<number> => {
      const t0 = performance.now();
      const rows = await repo.insertMany(events);
      if (rows.length !== EVENTS || rows[EVENTS - 1].log !== `event ${EVENTS - 1}`) throw new Error('hand-written insert: wrong rows');
      return performance.now() - t0;
    };
    const queryBuilder = async (): Promise<number> => {
      const t0 = performance.now();
      const at = (n: number) => () => `now() + ${n} * interval '1 microsecond'`;
      const inserted = await ds
        .createQueryBuilder()
        .insert()
        .into(EventEntity)
        .values(events.map((v, n) => entityValues<EventEntity>({ ...v, createdAt: at(n), updatedAt: at(n) })))
        .returning('id')
        .updateEntity(false)
        .execute();
      const ids = (inserted.raw as { id: string }[]).map((r) => r.id);
      const rows = await selectEntityColumns(ds, EventEntity, 'e')
        .where('e.id = ANY(CAST(:ids AS uuid[]))', { ids })
        .orderBy('e.created_at')
        .getRawMany();
      if (rows.length !== EVENTS) throw new Error('QueryBuilder insert: wrong rows');
      return performance.now() - t0;
    };

    const hand: number[] = [];
    const built: number[] = [];
    for (let round = 0; round < ROUNDS + WARM_UP; round++) {
      let h: number;
      let q: number;
      if (round % 2) {
        h = await handWritten();
        q = await queryBuilder();
      } else {
        q = await queryBuilder();
        h = await handWritten();
      }
      if (round < WARM_UP) continue;
      hand.push(h);
      built.push(q);
    }
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    process.stdout.write(
      [
        `bulk events, ${EVENTS} per statement, ${ROUNDS} rounds after ${WARM_UP} warm-up, alternating`,
        `  hand-written INSERT … SELECT (jsonb array): median ${fmt(median(hand))}`,
        `  QueryBuilder multi-row INSERT:              median ${fmt(median(built))}`,
        `  QueryBuilder ÷ hand-written: ${(median(built) / median(hand)).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
