/**
 * Status history bench (issue 18): the bulk upsert statement exactly as the app builds it
 * (upsertStatements), with the history CTE and without it, on the same database, interleaved
 * batch by batch (this machine is shared and noisy). 1,000 subjects × 10 aspects, batches of
 * 1,000; in every round 10 % of the samples change status (OK ↔ Critical) and the others get a
 * new value of the same status.
 * Figure: samples/s with history ÷ without (target ≥ 0.90).
 *
 *   npx ts-node -T bench/history.bench.ts     (BENCH_DATABASE_URL, BENCH_ROUNDS=8)
 */
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { upsertStatements, UpsertRow } from '../src/samples/helpers/sample-upsert-sql';
import { computeStatus } from '../src/samples/status';
import { createServerDatabase, DEFAULT_SERVER_URL } from './support/database';

const SUBJECTS = 1000;
const ASPECTS = 10;
const BATCH = 1000;
const CHANGING = 0.1;
const RANGES = { okRange: [0, 59], warningRange: [60, 79], criticalRange: [80, 100] };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface HistoryFigures extends Record<string, unknown> {
  samples: number;
  rounds: number;
  /** Median samples/s per mode. */
  withHistory: number;
  withoutHistory: number;
  /** Median of the per-round-pair ratios. */
  ratio: number;
  historyRowsPerRound: number;
}

/** Runs the bench on a fresh database of the PostgreSQL server at `serverUrl`. */
export async function historyBench(serverUrl: string, rounds: number): Promise<HistoryFigures> {
  const db = await createServerDatabase(serverUrl);
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', SECRET_KEY: 'bench-secret-key-bench-secret-key-bench', ADMIN_PASSWORD: 'bench-admin-pw' });
  const app = await createApp(config, { url: db.url, embedded: false }); // migrates the database
  await app.close();
  const sql = new Client({ connectionString: db.url });
  try {
    await sql.connect();
    const subjects = await sql.query<{ id: string }>(
      `INSERT INTO subjects (name, absolute_path, is_published) SELECT 'h' || i, 'h' || i, true FROM generate_series(1, $1::int) i RETURNING id::text`,
      [SUBJECTS],
    );
    const aspects = await sql.query<{ id: string }>(
      `INSERT INTO aspects (name, timeout, value_type, is_published, ok_range, warning_range, critical_range)
       SELECT 'a' || i, '1h', 'NUMERIC', true, '{0,59}', '{60,79}', '{80,100}' FROM generate_series(1, $1::int) i RETURNING id::text`,
      [ASPECTS],
    );
    const user = await sql.query<{ id: string }>(`SELECT id::text FROM users LIMIT 1`);
    const keys = subjects.rows.flatMap((s) => aspects.rows.map((a) => ({ subjectId: s.id, aspectId: a.id })));
    const critical = new Array<boolean>(keys.length).fill(false);

    /** Round `r`: every tenth sample (a different tenth each round) flips OK ↔ Critical, the rest keeps its status with a new value. */
    const rowsOf = (r: number): UpsertRow[] =>
      keys.map((k, i) => {
        if (r > 0 && i % Math.round(1 / CHANGING) === r % Math.round(1 / CHANGING)) critical[i] = !critical[i];
        const value = String(critical[i] ? 80 + ((i + r) % 21) : (i + r) % 60);
        return { ...k, value, status: computeStatus(value, RANGES), messageCode: null, messageBody: null, relatedLinks: null };
      });
    const time = async (rows: UpsertRow[], history: boolean): Promise<number> => {
      const t0 = performance.now();
      for (const st of upsertStatements(rows, user.rows[0].id, history)) await sql.query(st.sql, st.params);
      return performance.now() - t0;
    };
    /**
     * One round: batch pairs (one from each half of the samples), one with history and one
     * without, the mode and the order swapping from pair to pair and round to round, so that
     * the machine's noise falls on both modes alike. Returns ms per mode.
     */
    const round = async (r: number): Promise<{ on: number; off: number }> => {
      const rows = rowsOf(r);
      const half = rows.length / 2;
      const ms = { on: 0, off: 0 };
      for (let b = 0; b < half; b += BATCH) {
        const pair = [rows.slice(b, b + BATCH), rows.slice(half + b, half + b + BATCH)];
        const firstOn = (r + b / BATCH) % 2 === 0;
        const a = await time(pair[0], firstOn);
        const c = await time(pair[1], !firstOn);
        ms.on += firstOn ? a : c;
        ms.off += firstOn ? c : a;
      }
      return ms;
    };
    const count = async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM sample_status_history')).rows[0].n);

    await round(0); // creates the samples
    await sql.query('ANALYZE');
    await round(1); // warm-up
    const on: number[] = [];
    const off: number[] = [];
    const before = await count();
    for (let r = 2; r < 2 + rounds; r++) {
      const ms = await round(r);
      const perMode = keys.length / 2;
      on.push(perMode / (ms.on / 1000));
      off.push(perMode / (ms.off / 1000));
    }
    const historyRows = (await count()) - before;
    return {
      samples: keys.length,
      rounds,
      withHistory: median(on),
      withoutHistory: median(off),
      ratio: median(on.map((x, i) => x / off[i])),
      historyRowsPerRound: historyRows / rounds,
    };
  } finally {
    await sql.end().catch(() => undefined);
    await db.drop();
  }
}

/** The PERFORMANCE.md paragraph of a run (or of why it did not run). */
export function historyDetails(o: { figures: HistoryFigures } | { skipped: string }): string {
  if (!('figures' in o)) return `### Status history (issue 18)\n\n- skipped: ${o.skipped}`;
  const f = o.figures;
  return [
    '### Status history (issue 18)',
    '',
    `- the bulk upsert statement as the app builds it, with and without the history CTE: ${f.samples} samples in batches of ${BATCH}, ` +
      `10 % changing status per round; each round writes one half with history (${f.historyRowsPerRound} history rows) and the other without, ` +
      `batch by batch, swapping halves and order; ${f.rounds} rounds`,
    `- with history ${Math.round(f.withHistory)} samples/s, without ${Math.round(f.withoutHistory)} samples/s (medians); ` +
      `with ÷ without: ${(f.withHistory / f.withoutHistory).toFixed(2)} (medians), ${f.ratio.toFixed(2)} (median of round pairs); target ≥ 0.90 ` +
      `${f.ratio >= 0.9 ? 'met' : 'NOT met'} (the round-pair median is the figure: each pair shares the machine's moment)`,
  ].join('\n');
}

if (require.main === module) {
  historyBench(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL, Number(process.env.BENCH_ROUNDS ?? 8))
    .then((f) => {
      process.stdout.write(
        [
          `bulk upsert with status history, ${f.samples} samples (half with, half without, swapping), batches of ${BATCH}, 10 % change status per round, ${f.rounds} rounds`,
          `  with history:    ${Math.round(f.withHistory)} samples/s (median)`,
          `  without history: ${Math.round(f.withoutHistory)} samples/s (median)`,
          `  history rows per round: ${f.historyRowsPerRound}`,
          `  with ÷ without: ${(f.withHistory / f.withoutHistory).toFixed(2)} (medians), ${f.ratio.toFixed(2)} (median of round pairs); target ≥ 0.90`,
          '',
        ].join('\n'),
      );
    })
    .catch((e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    });
}
