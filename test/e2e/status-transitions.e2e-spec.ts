import { nextState, SAMPLE_STATUSES, SampleStatus } from '../../src/samples/status';
import { updateStatement, upsertStatements } from '../../src/samples/helpers/sample-upsert-sql';
import { SamplesRepository } from '../../src/samples/samples.repository';
import { AspectsRepository, type AspectWrite } from '../../src/aspects/aspects.repository';
import { createTestApp, TestApp } from '../support/app';
import { insertAspect, insertSubjects, unique } from '../support/records';

/**
 * The status transition rule is written once in TypeScript (`nextState`) and again in the SQL of
 * the upsert, the PUT/PATCH update, the timeout sweep and the POST insert (a new sample); an
 * aspect's range change writes what `statusChanges` (nextState) computed. This file runs each SQL
 * form on the database for every transition (stored status × stored previous status × new
 * status) and compares the stored result with `nextState`.
 */
describe('status transitions: SQL against nextState', () => {
  let t: TestApp;
  let aspectId: string;
  let adminId: string;
  const LONG_AGO = new Date('2000-01-01T00:00:00.000Z');

  interface Case {
    status: SampleStatus;
    previous: SampleStatus;
    next: SampleStatus;
  }
  const CASES: Case[] = SAMPLE_STATUSES.flatMap((status) =>
    SAMPLE_STATUSES.flatMap((previous) => SAMPLE_STATUSES.map((next) => ({ status, previous, next }))),
  );

  interface Stored {
    status: string;
    previousStatus: string;
    changedAtKept: boolean;
  }

  /** One subject per case, its sample of `aspect` stored as (value, status, previous, LONG_AGO). */
  async function storeCases(cases: readonly Case[], updatedAt = 'now()', aspect = aspectId, value: (c: Case) => string = () => '0'): Promise<string[]> {
    const subjects = await insertSubjects(t, cases.map(() => unique('Tr')));
    const ids = subjects.map((s) => s.id);
    await t.dataSource.query(
      `INSERT INTO samples (subject_id, aspect_id, value, status, previous_status, status_changed_at, updated_at, related_links)
       SELECT c.subject_id, $1, c.value, c.status, c.previous, $4, ${updatedAt}, '[]'::jsonb
         FROM unnest($2::uuid[], $3::text[], $5::text[], $6::text[]) AS c(subject_id, status, previous, value)`,
      [aspect, ids, cases.map((c) => c.status), LONG_AGO, cases.map((c) => c.previous), cases.map(value)],
    );
    return ids;
  }

  async function stored(ids: readonly string[], aspect = aspectId): Promise<Stored[]> {
    const rows = (await t.dataSource.query(
      `SELECT subject_id::text AS id, status, previous_status, status_changed_at FROM samples WHERE aspect_id = $1 AND subject_id = ANY($2::uuid[])`,
      [aspect, ids],
    )) as { id: string; status: string; previous_status: string; status_changed_at: Date }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id)!;
      return { status: r.status, previousStatus: r.previous_status, changedAtKept: new Date(r.status_changed_at).getTime() === LONG_AGO.getTime() };
    });
  }

  function expected(c: Case): Stored {
    const now = new Date();
    const s = nextState({ status: c.status, previousStatus: c.previous, statusChangedAt: LONG_AGO }, c.next, now);
    return { status: s.status, previousStatus: s.previousStatus, changedAtKept: s.statusChangedAt === LONG_AGO };
  }

  beforeAll(async () => {
    t = await createTestApp();
    aspectId = (await insertAspect(t, { timeout: '5m' })).id;
    adminId = ((await t.dataSource.query(`SELECT id::text AS id FROM users WHERE name = 'admin@refocus.admin'`)) as { id: string }[])[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the upsert (single and bulk) follows nextState on every transition', async () => {
    const ids = await storeCases(CASES);
    const rows = CASES.map((c, i) => ({
      subjectId: ids[i],
      aspectId,
      value: '1',
      status: c.next,
      messageCode: null,
      messageBody: null,
      relatedLinks: null,
    }));
    for (const st of upsertStatements(rows, adminId)) await t.dataSource.query(st.sql, st.params);
    expect(await stored(ids)).toEqual(CASES.map(expected));
  });

  it('the upsert of a new sample follows nextState (no previous row)', async () => {
    const subjects = await insertSubjects(t, SAMPLE_STATUSES.map(() => unique('New')));
    const rows = SAMPLE_STATUSES.map((status, i) => ({
      subjectId: subjects[i].id,
      aspectId,
      value: '1',
      status,
      messageCode: null,
      messageBody: null,
      relatedLinks: null,
    }));
    for (const st of upsertStatements(rows, adminId)) await t.dataSource.query(st.sql, st.params);
    const got = await stored(subjects.map((s) => s.id));
    const want = SAMPLE_STATUSES.map((status) => {
      const s = nextState(null, status, new Date());
      return { status: s.status, previousStatus: s.previousStatus, changedAtKept: false };
    });
    expect(got).toEqual(want);
  });

  it('the PUT/PATCH update follows nextState on every transition', async () => {
    const ids = await storeCases(CASES);
    for (const [i, c] of CASES.entries()) {
      const st = updateStatement(ids[i], aspectId, { value: '1', status: c.next });
      await t.dataSource.query(st.sql, st.params);
    }
    expect(await stored(ids)).toEqual(CASES.map(expected));
  });

  it('the timeout sweep follows nextState towards Timeout', async () => {
    const cases = CASES.filter((c) => c.next === 'Timeout');
    const ids = await storeCases(cases, `now() - interval '1 hour'`);
    // null: the app's own sweep holds the lock this moment; run ours once it is free.
    while ((await t.app.get(SamplesRepository).timeOutStaleSamples()) === null) await new Promise((r) => setTimeout(r, 50));
    const got = await stored(ids);
    // The sweep skips samples already timed out: nextState keeps those unchanged too.
    expect(got).toEqual(cases.map(expected));
  });

  it('the insert of a new sample (POST) follows nextState (no previous row)', async () => {
    const subjects = await insertSubjects(t, SAMPLE_STATUSES.map(() => unique('Post')));
    const repo = t.app.get(SamplesRepository);
    for (const [i, status] of SAMPLE_STATUSES.entries()) {
      const row = { subjectId: subjects[i].id, aspectId, value: '1', status, messageCode: null, messageBody: null, relatedLinks: null };
      expect(await repo.insertNew(row, adminId)).toBe(true);
    }
    const want = SAMPLE_STATUSES.map((status) => {
      const s = nextState(null, status, new Date());
      return { status: s.status, previousStatus: s.previousStatus, changedAtKept: false };
    });
    expect(await stored(subjects.map((s) => s.id))).toEqual(want);
  });

  it("an aspect's range change follows nextState on every transition", async () => {
    // The new ranges give each value one status: 1 Critical, 2 Warning, 3 Info, 4 OK; 'x' is Invalid, 'Timeout' Timeout.
    const VALUE: Record<SampleStatus, string> = { Critical: '1', Warning: '2', Info: '3', OK: '4', Invalid: 'x', Timeout: 'Timeout' };
    const aspect = await insertAspect(t, { valueType: 'NUMERIC', okRange: [100, 100] });
    const ids = await storeCases(CASES, 'now()', aspect.id, (c) => VALUE[c.next]);
    const repo = t.app.get(AspectsRepository);
    const { id, createdBy, createdAt, updatedAt, user, owner, ...write } = (await repo.findById(aspect.id))!;
    void [id, createdBy, createdAt, updatedAt, user, owner];
    const ranges = { criticalRange: [1, 1], warningRange: [2, 2], infoRange: [3, 3], okRange: [4, 4] } satisfies Partial<AspectWrite>;
    await repo.update(aspect.id, { ...write, ...ranges }, { recomputeStatuses: true, deleteSamples: false });
    expect(await stored(ids, aspect.id)).toEqual(CASES.map(expected));
  });
});
