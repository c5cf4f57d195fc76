/**
 * Standalone bulk upsert benchmark (samples engineer's measuring tool; the suite's figure is
 * bench/bulk.bench.ts): 2,000 subjects × 10 aspects, batches of 1,000 POSTed to
 * /v1/samples/upsert/bulk on an in-process app listening on a port, against the same rows
 * upserted with one raw `INSERT … SELECT FROM unnest … ON CONFLICT` per batch on the same
 * server, alternating round by round. Prints samples/s and the ratio (target ≥ 0.5).
 *
 *   npx ts-node -T bench/bulk-upsert.bench.ts     (BENCH_DATABASE_URL, BENCH_ROUNDS=5)
 *   node --cpu-prof -r ts-node/register/transpile-only bench/bulk-upsert.bench.ts   (to profile)
 */
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { computeStatus } from '../src/samples/status';
import { createServerDatabase, DEFAULT_SERVER_URL } from './support/database';

const SUBJECTS = 2000;
const ASPECTS = 10;
const BATCH = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RANGES = { okRange: [0, 59], warningRange: [60, 79], criticalRange: [80, 100] };
const valueOf = (i: number, round: number) => String((i * 7 + round * 13) % 101);

const RAW_UPSERT = `
  INSERT INTO samples AS s (subject_id, aspect_id, value, status, previous_status, status_changed_at, created_at, updated_at)
  SELECT t.subject_id, t.aspect_id, t.value, t.status, 'Invalid', now(), now(), now()
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(subject_id, aspect_id, value, status)
  ON CONFLICT (subject_id, aspect_id) DO UPDATE SET
    value = EXCLUDED.value, status = EXCLUDED.status,
    previous_status = CASE WHEN s.status = EXCLUDED.status THEN s.previous_status ELSE s.status END,
    status_changed_at = CASE WHEN s.status = EXCLUDED.status THEN s.status_changed_at ELSE now() END,
    updated_at = now()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const db = await createServerDatabase(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL);
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', SECRET_KEY: 'bench-secret-key-bench-secret-key-bench', ADMIN_PASSWORD: 'bench-admin-pw' });
  const app = await createApp(config, { url: db.url, embedded: false });
  const sql = new Client({ connectionString: db.url });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await sql.connect();
    const reg = await fetch(`${base}/v1/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.com', password: 'bench-password-1' }),
    });
    const token = ((await reg.json()) as { token?: string }).token;
    if (!token) throw new Error(`register answered ${reg.status}`);

    const subjects = await sql.query<{ id: string; absolute_path: string }>(
      `INSERT INTO subjects (name, absolute_path, is_published) SELECT 'b' || i, 'b' || i, true FROM generate_series(1, $1::int) i
       RETURNING id::text, absolute_path`,
      [SUBJECTS],
    );
    const aspects = await sql.query<{ id: string; name: string }>(
      `INSERT INTO aspects (name, timeout, value_type, is_published, ok_range, warning_range, critical_range)
       SELECT 'a' || i, '1h', 'NUMERIC', true, '{0,59}', '{60,79}', '{80,100}' FROM generate_series(1, $1::int) i RETURNING id::text, name`,
      [ASPECTS],
    );
    const names: string[] = [];
    const sids: string[] = [];
    const aids: string[] = [];
    for (const s of subjects.rows) {
      for (const a of aspects.rows) {
        names.push(`${s.absolute_path}|${a.name}`);
        sids.push(s.id);
        aids.push(a.id);
      }
    }
    await sql.query('ANALYZE');

    const api = async (round: number): Promise<number> => {
      const bodies: string[] = [];
      for (let i = 0; i < names.length; i += BATCH) {
        bodies.push(JSON.stringify(names.slice(i, i + BATCH).map((name, j) => ({ name, value: valueOf(i + j, round) }))));
      }
      const t0 = performance.now();
      for (const body of bodies) {
        const res = await fetch(`${base}/v1/samples/upsert/bulk`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
        if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
      return names.length / ((performance.now() - t0) / 1000);
    };
    const raw = async (round: number): Promise<number> => {
      const t0 = performance.now();
      for (let i = 0; i < names.length; i += BATCH) {
        const values = names.slice(i, i + BATCH).map((_, j) => valueOf(i + j, round));
        await sql.query(RAW_UPSERT, [sids.slice(i, i + BATCH), aids.slice(i, i + BATCH), values, values.map((v) => computeStatus(v, RANGES))]);
      }
      return names.length / ((performance.now() - t0) / 1000);
    };

    const created = await api(0);
    const n = await sql.query<{ n: string }>('SELECT count(*) AS n FROM samples');
    if (Number(n.rows[0].n) !== names.length) throw new Error(`expected ${names.length} samples, found ${n.rows[0].n}`);
    const apiRates: number[] = [];
    const rawRates: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (round % 2) {
        apiRates.push(await api(round));
        rawRates.push(await raw(round));
      } else {
        rawRates.push(await raw(round));
        apiRates.push(await api(round));
      }
    }
    const ratio = median(apiRates.map((a, i) => a / rawRates[i]));
    const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
    process.stdout.write(
      [
        `bulk upsert, ${SUBJECTS} subjects × ${ASPECTS} aspects, batches of ${BATCH}`,
        `  first round (creates) via API: ${Math.round(created)} samples/s`,
        `  API     samples/s per round: ${fmt(apiRates)}  (median ${Math.round(median(apiRates))})`,
        `  raw SQL samples/s per round: ${fmt(rawRates)}  (median ${Math.round(median(rawRates))})`,
        `  API ÷ raw SQL: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
        '',
      ].join('\n'),
    );
  } finally {
    await sql.end().catch(() => undefined);
    await app.close();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
