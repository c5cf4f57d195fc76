import { api } from '../support/api';
import { Client } from 'pg';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { SAMPLE_TIMEOUT_LOCK_KEY } from '../../src/samples/samples.repository';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { createUserWithToken, TestUser } from '../support/identity';
import { AspectRecord, insertAspect, insertSubject, insertSubjects, insertWriters, NUMERIC_ASPECT, PLAIN, sampleRow, SubjectRecord } from '../support/records';

interface Item {
  name?: unknown;
  value?: unknown;
  [k: string]: unknown;
}

const RANGES = { okRange: [0, 3], warningRange: [4, 5], criticalRange: [6, 6] };
const statusOf = (v: number): string => (v <= 3 ? 'OK' : v <= 5 ? 'Warning' : 'Critical');

describe('Bulk upsert and sample timeouts (CONTRACT.md §5)', () => {
  let t: TestApp;
  let u: TestUser;
  let other: TestUser;
  let subjects: SubjectRecord[];
  let aspects: AspectRecord[];
  let draft: AspectRecord;
  let locked: AspectRecord;

  const bulk = (user: TestUser, items: unknown) => api(t).as(user).post('/v1/samples/upsert/bulk', items as object);
  const jobStatus = (user: TestUser, jobId: unknown) => api(t).as(user).get(`/v1/samples/upsert/bulk/${String(jobId)}/status`);
  const count = async (where = 'true', params: unknown[] = []): Promise<number> =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM samples s WHERE ${where}`, params)) as { n: number }[])[0].n;

  beforeAll(async () => {
    // The periodic sweep stays out of the way: the tests call it directly.
    t = await createTestApp({ SAMPLE_TIMEOUT_INTERVAL_MS: '3600000' });
    u = await createUserWithToken(t);
    other = await createUserWithToken(t);
    subjects = await insertSubjects(
      t,
      Array.from({ length: 1000 }, (_, i) => `S${i}`),
    );
    aspects = [];
    for (let a = 0; a < 10; a++) aspects.push(await insertAspect(t, { ...NUMERIC_ASPECT, name: `A${a}`, ...RANGES }));
    draft = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Draft', published: false, ...RANGES });
    locked = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Locked', ...RANGES });
    await insertWriters(t, 'aspect', locked.id, [other.user.id]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes exactly the good items of 10,000 and reports each bad one', async () => {
    const items: Item[] = [];
    const good = new Map<string, string>();
    const bad: { name: unknown; type: string }[] = [];
    for (let s = 0; s < 1000; s++) {
      for (let a = 0; a < 10; a++) {
        const i = s * 10 + a;
        const name = `S${s}|A${a}`;
        switch (i % 100) {
          case 7:
            items.push({ name: `Nope${i}|A${a}`, value: '1' });
            bad.push({ name: `Nope${i}|A${a}`, type: 'ResourceNotFoundError' });
            break;
          case 17:
            items.push({ name, value: '1', status: 'OK' });
            bad.push({ name, type: 'ValidationError' });
            break;
          case 27:
            items.push({ name: `S ${s}|A${a}`, value: '1' });
            bad.push({ name: `S ${s}|A${a}`, type: 'ValidationError' });
            break;
          case 37:
            items.push({ name: `S${s}|Draft`, value: '1' });
            bad.push({ name: `S${s}|Draft`, type: 'ResourceNotFoundError' });
            break;
          case 47:
            items.push({ name: `S${s}|Locked`, value: '1' });
            bad.push({ name: `S${s}|Locked`, type: 'UpdateDeleteForbidden' });
            break;
          case 57:
            items.push({ name, value: 'x'.repeat(256) });
            bad.push({ name, type: 'ValidationError' });
            break;
          case 67:
            items.push({ value: '1' });
            bad.push({ name: null, type: 'ValidationError' });
            break;
          default:
            items.push({ name, value: String(i % 7), messageCode: 'C1' });
            good.set(name, String(i % 7));
        }
      }
    }
    expect(items).toHaveLength(10000);

    const res = await bulk(u, items);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('OK');
    expect(typeof res.body.jobId).toBe('number');
    expect(res.body.jobId).toBeGreaterThanOrEqual(1);

    const rows = (await t.dataSource.query(
      `SELECT sub.absolute_path || '|' || a.name AS name, s.value, s.status, s.previous_status, s.message_code, s.created_by::text AS created_by
         FROM samples s JOIN subjects sub ON sub.id = s.subject_id JOIN aspects a ON a.id = s.aspect_id`,
    )) as { name: string; value: string; status: string; previous_status: string; message_code: string; created_by: string }[];
    expect(rows).toHaveLength(good.size);
    // One comparison for all rows (expect() per row is slow at this size).
    const wrong = rows.filter(
      (r) =>
        good.get(r.name) !== r.value ||
        r.status !== statusOf(Number(r.value)) ||
        r.previous_status !== 'Invalid' ||
        r.message_code !== 'C1' ||
        r.created_by !== u.user.id,
    );
    expect(wrong).toEqual([]);
    expect(await count('s.aspect_id = ANY($1::uuid[])', [[draft.id, locked.id]])).toBe(0);

    const status = await jobStatus(u, res.body.jobId);
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('complete');
    const errors = status.body.errors as { name: unknown; type: string; message: string }[];
    expect(errors).toHaveLength(bad.length);
    expect(errors.map((e) => ({ name: e.name, type: e.type }))).toEqual(bad);
    for (const e of errors) expect(typeof e.message).toBe('string');
  });

  it('applies transitions on a second pass and keeps unchanged statuses', async () => {
    const before = await sampleRow(t, subjects[1].id, aspects[0].id); // S1|A0: value '3' (10 % 7), OK
    expect(before).toMatchObject({ value: '3', status: 'OK' });
    const res = await bulk(u, [
      { name: 'S1|A0', value: '6' },
      { name: 'S1|A1', value: '2' }, // '4' Warning → '2' OK
      { name: 'S1|A2', value: '5' }, // '5' Warning → same value
    ]);
    expect(res.status).toBe(200);
    const a0 = await sampleRow(t, subjects[1].id, aspects[0].id);
    expect(a0).toMatchObject({ value: '6', status: 'Critical', previous_status: 'OK', message_code: 'C1' });
    expect((a0!.status_changed_at as Date).getTime()).toBeGreaterThan((before!.status_changed_at as Date).getTime());
    expect(await sampleRow(t, subjects[1].id, aspects[1].id)).toMatchObject({ value: '2', status: 'OK', previous_status: 'Warning' });
    const a2 = await sampleRow(t, subjects[1].id, aspects[2].id);
    expect(a2).toMatchObject({ value: '5', status: 'Warning', previous_status: 'Invalid' });
    expect((a2!.updated_at as Date).getTime()).toBeGreaterThan((a2!.status_changed_at as Date).getTime());
  });

  it('collapses repeated and case-variant names: the last one wins', async () => {
    const s = await insertSubject(t, { ...PLAIN, name: 'Dup' });
    const res = await bulk(u, [
      { name: 'Dup|A0', value: '1' },
      { name: 'dup|a0', value: '4' },
      { name: 'DUP|A0', value: '6' },
    ]);
    expect(res.status).toBe(200);
    expect(await count('s.subject_id = $1', [s.id])).toBe(1);
    expect(await sampleRow(t, s.id, aspects[0].id)).toMatchObject({ value: '6', status: 'Critical' });
    expect((await jobStatus(u, res.body.jobId)).body.errors).toEqual([]);
  });

  it('answers 200 even when every item is invalid, and writes nothing', async () => {
    const res = await bulk(u, [{ name: 'S2|Draft', value: '1' }, { name: 'S2|A0', createdAt: 'x' }, 'nope', null]);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('OK');
    expect(await count('s.aspect_id = $1', [draft.id])).toBe(0);
    const errors = (await jobStatus(u, res.body.jobId)).body.errors as { type: string }[];
    expect(errors.map((e) => e.type)).toEqual(['ResourceNotFoundError', 'ValidationError', 'ValidationError', 'ValidationError']);
  });

  it('lets a writer of the aspect write through bulk', async () => {
    const res = await bulk(other, [{ name: 'S3|Locked', value: '1' }]);
    expect(res.status).toBe(200);
    expect((await jobStatus(other, res.body.jobId)).body.errors).toEqual([]);
    expect(await sampleRow(t, subjects[3].id, locked.id)).toMatchObject({ value: '1', status: 'OK' });
  });

  it('refuses a body that is not an array, and needs a token', async () => {
    expectErrorBody(await bulk(u, { name: 'S1|A0', value: '1' }), 400);
    expectErrorBody(await t.http().post('/v1/samples/upsert/bulk').send([{ name: 'S1|A0', value: '1' }]), 401, 'AuthenticationError');
  });

  it('answers 404 for an unknown job and for a job of another user', async () => {
    expectErrorBody(await jobStatus(u, 999999), 404, 'ResourceNotFoundError');
    expectErrorBody(await jobStatus(u, 'abc'), 404, 'ResourceNotFoundError');
    const res = await bulk(u, []);
    expect(res.status).toBe(200);
    expect((await jobStatus(u, res.body.jobId)).body).toMatchObject({ status: 'complete', received: 0, written: 0, refused: 0, errors: [] });
    expectErrorBody(await jobStatus(other, res.body.jobId), 404, 'ResourceNotFoundError');
  });

  it('leaves one consistent row per sample after two concurrent bulk upserts of the same samples', async () => {
    const names = subjects.slice(500, 700).flatMap((s) => aspects.map((a) => `${s.absolutePath}|${a.name}`));
    const first = names.map((name) => ({ name, value: '1' })); // OK
    const second = [...names].reverse().map((name) => ({ name: name.toLowerCase(), value: '6' })); // Critical
    await t.dataSource.query(`DELETE FROM samples WHERE subject_id = ANY($1::uuid[])`, [subjects.slice(500, 700).map((s) => s.id)]);
    const [r1, r2] = await Promise.all([bulk(u, first), bulk(u, second)]);
    expect(r1.status).toBe(200);
    expect(r2.status).toBe(200);
    const rows = (await t.dataSource.query(`SELECT value, status, previous_status FROM samples WHERE subject_id = ANY($1::uuid[])`, [
      subjects.slice(500, 700).map((s) => s.id),
    ])) as { value: string; status: string; previous_status: string }[];
    expect(rows).toHaveLength(names.length);
    const consistent = (r: { value: string; status: string; previous_status: string }) =>
      (r.value === '1' && r.status === 'OK' && r.previous_status === 'Critical') ||
      (r.value === '6' && r.status === 'Critical' && r.previous_status === 'OK');
    expect(rows.filter((r) => !consistent(r))).toEqual([]);
  });

  describe('timeout job', () => {
    let fast: AspectRecord;
    let stale: SubjectRecord;
    let fresh: SubjectRecord;

    beforeAll(async () => {
      fast = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Fast', timeout: '1m', ...RANGES });
      stale = await insertSubject(t, { ...PLAIN, name: 'Stale' });
      fresh = await insertSubject(t, { ...PLAIN, name: 'Fresh' });
      await bulk(u, [
        { name: 'Stale|Fast', value: '4' },
        { name: 'Fresh|Fast', value: '4' },
      ]).expect(200);
      await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '61 seconds' WHERE subject_id = $1`, [stale.id]);
    });

    it('flips a stale sample to Timeout and leaves a fresh one', async () => {
      const job = t.app.get(SampleTimeoutJob);
      expect(await job.runOnce()).toBeGreaterThanOrEqual(1);
      const s = await sampleRow(t, stale.id, fast.id);
      expect(s).toMatchObject({ value: 'Timeout', status: 'Timeout', previous_status: 'Warning' });
      expect(Date.now() - (s!.updated_at as Date).getTime()).toBeLessThan(30_000);
      expect(await sampleRow(t, fresh.id, fast.id)).toMatchObject({ value: '4', status: 'Warning', previous_status: 'Invalid' });
      // Samples of the 5-minute aspects written moments ago are untouched.
      expect(await count(`s.status = 'Timeout' AND s.aspect_id <> $1`, [fast.id])).toBe(0);
      // Already timed out: not flipped again.
      expect(await job.runOnce()).toBe(0);
      // A new value brings it back.
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'Stale|Fast', value: '0' });
      expect(res.body).toMatchObject({ status: 'OK', previousStatus: 'Timeout' });
    });

    it('does nothing while another process holds the advisory lock', async () => {
      if (t.db.embedded) return; // the embedded engine serves one connection: no second session to hold the lock
      await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '61 seconds' WHERE subject_id = $1`, [fresh.id]);
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [SAMPLE_TIMEOUT_LOCK_KEY]);
        expect(await t.app.get(SampleTimeoutJob).runOnce()).toBeNull();
        expect(await sampleRow(t, fresh.id, fast.id)).toMatchObject({ status: 'Warning' });
        await holder.query('SELECT pg_advisory_unlock($1)', [SAMPLE_TIMEOUT_LOCK_KEY]);
        expect(await t.app.get(SampleTimeoutJob).runOnce()).toBe(1);
        expect(await sampleRow(t, fresh.id, fast.id)).toMatchObject({ status: 'Timeout' });
      } finally {
        await holder.end();
      }
    });
  });
});
