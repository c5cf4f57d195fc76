import { RetentionJob } from '../../src/audit/retention.job';
import type { UpsertRow } from '../../src/samples/helpers/sample-upsert-sql';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { SamplesRepository } from '../../src/samples/samples.repository';
import { computeStatus } from '../../src/samples/status';
import type { TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, startWithCast } from '../support/identity';
import { AspectRecord, insertAspect, insertSubject, NUMERIC_ASPECT, PLAIN, SubjectRecord } from '../support/records';

interface Change {
  name: string;
  fromStatus: string | null;
  toStatus: string;
  value: string;
  at: string;
}

let t: TestApp;
let token: string;
let root: SubjectRecord;
let child: SubjectRecord;
let temp: AspectRecord;
let load: AspectRecord;

const RANGES = { okRange: [0, 10], warningRange: [11, 50], criticalRange: [51, 100] };

beforeAll(async () => {
  const cast = await startWithCast();
  t = cast.t;
  token = cast.u.token;
  root = await insertSubject(t, { ...PLAIN, name: 'Hist' });
  child = await insertSubject(t, { ...PLAIN, name: 'Child', parent: root });
  temp = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Temp', ...RANGES });
  load = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Load', ...RANGES });
  await t.dataSource.query(`UPDATE aspects SET tags = '{hot}' WHERE id = $1`, [temp.id]);
  await t.dataSource.query(`UPDATE subjects SET tags = '{leaf}' WHERE id = $1`, [child.id]);
});

afterAll(async () => {
  await t?.close();
});

const get = (path: string) => t.http().get(path).set('Authorization', token);
const upsert = (name: string, value: string) => t.http().post('/v1/samples/upsert').set('Authorization', token).send({ name, value }).expect(200);
const historyRows = async (): Promise<number> =>
  ((await t.dataSource.query(`SELECT count(*)::int AS n FROM sample_status_history`)) as { n: number }[])[0].n;

async function history(sample: string, qs = ''): Promise<Change[]> {
  const r = await get(`/v1/samples/${encodeURIComponent(sample)}/history${qs}`).expect(200);
  expect(Number(r.headers['x-total-count'])).toBeGreaterThanOrEqual(r.body.length);
  return r.body as Change[];
}

describe('status history is written with the status, and only on a change', () => {
  it('single upsert: creation, a change, and nothing for the same status or a message-only write', async () => {
    await upsert('Hist|Temp', '5');
    expect((await history('Hist|Temp')).map((c) => [c.fromStatus, c.toStatus, c.value])).toEqual([[null, 'OK', '5']]);
    const before = await historyRows();
    await upsert('Hist|Temp', '7'); // still OK
    await t.http().patch(`/v1/samples/${encodeURIComponent('Hist|Temp')}`).set('Authorization', token).send({ messageCode: 'M1' }).expect(200);
    expect(await historyRows()).toBe(before);
    await upsert('Hist|Temp', '60');
    const h = await history('Hist|Temp');
    expect(h.map((c) => [c.fromStatus, c.toStatus, c.value])).toEqual([
      ['OK', 'Critical', '60'],
      [null, 'OK', '5'],
    ]);
    expect(h[0].name).toBe('Hist|Temp');
  });

  it('bulk upsert: one row per sample whose status changed, none for the others', async () => {
    await upsert('Hist.Child|Temp', '1');
    await upsert('Hist.Child|Load', '1');
    const before = await historyRows();
    const r = await t
      .http()
      .post('/v1/samples/upsert/bulk')
      .set('Authorization', token)
      .send([
        { name: 'Hist.Child|Temp', value: '2' },
        { name: 'Hist.Child|Load', value: '20' },
        { name: 'Hist|Temp', value: '70' },
      ])
      .expect(200);
    expect(r.body.status).toBe('OK');
    expect(await historyRows()).toBe(before + 1);
    expect((await history('Hist.Child|Load'))[0]).toMatchObject({ fromStatus: 'OK', toStatus: 'Warning', value: '20' });
  });

  it('PUT and PATCH with a new value record the change', async () => {
    await t.http().put(`/v1/samples/${encodeURIComponent('Hist.Child|Load')}`).set('Authorization', token).send({ value: '99' }).expect(200);
    expect((await history('Hist.Child|Load'))[0]).toMatchObject({ fromStatus: 'Warning', toStatus: 'Critical' });
    await t.http().patch(`/v1/samples/${encodeURIComponent('Hist.Child|Load')}`).set('Authorization', token).send({ value: '3' }).expect(200);
    expect((await history('Hist.Child|Load'))[0]).toMatchObject({ fromStatus: 'Critical', toStatus: 'OK' });
  });

  it('the timeout sweep records X → Timeout', async () => {
    await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '1 hour' WHERE subject_id = $1 AND aspect_id = $2`, [
      child.id,
      load.id,
    ]);
    expect(await t.app.get(SampleTimeoutJob).runOnce()).toBeGreaterThanOrEqual(1);
    expect((await history('Hist.Child|Load'))[0]).toMatchObject({ fromStatus: 'OK', toStatus: 'Timeout', value: 'Timeout' });
  });

  it('an aspect range change records the samples whose status it changed', async () => {
    const before = await historyRows();
    // Temp: Hist = 70 (Critical), Hist.Child = 2 (OK). New ranges: 0..100 is OK → only Hist changes.
    await t.http().patch('/v1/aspects/Temp').set('Authorization', token).send({ okRange: [0, 100], warningRange: null, criticalRange: null }).expect(200);
    expect(await historyRows()).toBe(before + 1);
    expect((await history('Hist|Temp'))[0]).toMatchObject({ fromStatus: 'Critical', toStatus: 'OK', value: '70' });
  });

  it('survives a rename: the history follows the sample to its new name', async () => {
    const n = (await history('Hist.Child|Temp')).length;
    await t.http().patch('/v1/subjects/Hist.Child').set('Authorization', token).send({ name: 'Kid' }).expect(200);
    const h = await history('Hist.Kid|Temp');
    expect(h).toHaveLength(n);
    expect(h.every((c) => c.name === 'Hist.Kid|Temp')).toBe(true);
    expectErrorBody(await get(`/v1/samples/${encodeURIComponent('Hist.Child|Temp')}/history`), 404);
  });
});

describe('GET /v1/subjects/{key}/history: the subtree, with the hierarchy filters', () => {
  it('lists the subtree newest first, paged', async () => {
    const all = await get('/v1/subjects/Hist/history').expect(200);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe(all.body.length);
    expect(total).toBe(await historyRows());
    const ats = all.body.map((c: Change) => c.at);
    expect(ats).toEqual([...ats].sort().reverse());
    const page = await get('/v1/subjects/Hist/history?limit=2&offset=1').expect(200);
    const key = (c: Change) => `${c.name}@${c.at}`;
    expect(page.body.map(key)).toEqual(all.body.slice(1, 3).map(key));
    expect(page.headers['x-total-count']).toBe(String(total));
  });

  it('filters by aspect, status, tags, depth and time', async () => {
    const names = async (qs: string) => ((await get(`/v1/subjects/Hist/history${qs}`).expect(200)).body as Change[]).map((c) => c.name);
    expect(new Set(await names('?aspect=load'))).toEqual(new Set(['Hist.Kid|Load']));
    expect(new Set(await names('?aspect=-Load'))).toEqual(new Set(['Hist|Temp', 'Hist.Kid|Temp']));
    const timeouts = (await get('/v1/subjects/Hist/history?status=Timeout').expect(200)).body as Change[];
    expect(timeouts.map((c) => c.toStatus)).toEqual(['Timeout']);
    expect(new Set(await names('?aspectTags=HOT'))).toEqual(new Set(['Hist|Temp', 'Hist.Kid|Temp']));
    expect(new Set(await names('?subjectTags=leaf'))).toEqual(new Set(['Hist.Kid|Temp', 'Hist.Kid|Load']));
    const deep = await insertSubject(t, { ...PLAIN, name: 'Deep', parent: { id: child.id, absolutePath: 'Hist.Kid' } });
    await t.dataSource.query(`INSERT INTO sample_status_history (subject_id, aspect_id, to_status, value) VALUES ($1, $2, 'OK', '1')`, [deep.id, temp.id]);
    // as the hierarchy: depth 1 = the subject and its children
    expect(new Set(await names('?depth=1'))).toEqual(new Set(['Hist|Temp', 'Hist.Kid|Temp', 'Hist.Kid|Load']));
    expect(await names('?depth=2')).toContain('Hist.Kid.Deep|Temp');
    expect(await names(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect((await names(`?to=${new Date(Date.now() + 60_000).toISOString()}`)).length).toBe(await historyRows());
    expectErrorBody(await get('/v1/subjects/Hist/history?aspect=a,-b'), 400);
    expectErrorBody(await get('/v1/subjects/Hist/history?from=soon'), 400);
    expectErrorBody(await get('/v1/subjects/Nope/history'), 404);
  });
});

describe('availability on a scripted timeline', () => {
  const H = 3600;
  let svc: SubjectRecord;

  beforeAll(async () => {
    svc = await insertSubject(t, { ...PLAIN, name: 'Svc' });
    const api = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Api', ...RANGES });
    const db = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Db', ...RANGES });
    // Svc|Api: created OK 10h ago, Critical 6h→5h ago, OK, Warning for the last hour.
    await t.dataSource.query(
      `INSERT INTO samples (subject_id, aspect_id, value, status, created_at, updated_at) VALUES
         ($1, $2, '20', 'Warning', now() - interval '10 hours', now()), ($1, $3, '1', 'OK', now() - interval '30 days', now())`,
      [svc.id, api.id, db.id],
    );
    await t.dataSource.query(
      `INSERT INTO sample_status_history (subject_id, aspect_id, from_status, to_status, value, at) VALUES
         ($1, $2, NULL, 'OK', '1', now() - interval '10 hours'),
         ($1, $2, 'OK', 'Critical', '90', now() - interval '6 hours'),
         ($1, $2, 'Critical', 'OK', '2', now() - interval '5 hours'),
         ($1, $2, 'OK', 'Warning', '20', now() - interval '1 hour')`,
      [svc.id, api.id],
    );
  });

  it('gives the time in each status over the window, from the status held at its start', async () => {
    const r = (await get(`/v1/samples/${encodeURIComponent('Svc|Api')}/availability?window=8h`).expect(200)).body;
    expect(r).toMatchObject({ name: 'Svc|Api', window: '8h' });
    expect(r.observedSeconds).toBeCloseTo(8 * H, -1);
    expect(r.seconds.OK).toBeCloseTo(6 * H, -1);
    expect(r.seconds.Critical).toBeCloseTo(1 * H, -1);
    expect(r.seconds.Warning).toBeCloseTo(1 * H, -1);
    expect(r.percent).toEqual({ OK: 75, Critical: 12.5, Warning: 12.5 });
  });

  it('counts a sample created inside the window from its creation on', async () => {
    const r = (await get(`/v1/samples/${encodeURIComponent('Svc|Api')}/availability?window=1d`).expect(200)).body;
    expect(r.observedSeconds).toBeCloseTo(10 * H, -1);
    expect(r.percent).toEqual({ OK: 80, Critical: 10, Warning: 10 });
  });

  it('a sample without changes spent the whole window in its current status', async () => {
    const r = (await get(`/v1/samples/${encodeURIComponent('Svc|Db')}/availability`).expect(200)).body;
    expect(r).toMatchObject({ window: '7d', percent: { OK: 100 } });
    expect(r.observedSeconds).toBeCloseTo(7 * 24 * H, -1);
  });

  it('sums a subtree and lists each sample; filters apply', async () => {
    const r = (await get('/v1/subjects/Svc/availability?window=8h').expect(200)).body;
    expect(r.observedSeconds).toBeCloseTo(16 * H, -1);
    expect(r.seconds.OK).toBeCloseTo(14 * H, -1);
    expect(r.percent).toEqual({ OK: 87.5, Critical: 6.25, Warning: 6.25 });
    expect(r.samples.map((s: { name: string }) => s.name)).toEqual(['Svc|Api', 'Svc|Db']);
    const onlyDb = (await get('/v1/subjects/Svc/availability?window=8h&aspect=db').expect(200)).body;
    expect(onlyDb.percent).toEqual({ OK: 100 });
  });

  it('refuses a bad window', async () => {
    for (const w of ['7', '0d', '400d', 'x']) expectErrorBody(await get(`/v1/samples/${encodeURIComponent('Svc|Api')}/availability?window=${w}`), 400);
    expectErrorBody(await get(`/v1/samples/${encodeURIComponent('Svc|None')}/availability`), 404);
  });
});

describe('retention', () => {
  it('prunes history older than STATUS_HISTORY_DAYS (30) and keeps the rest', async () => {
    await t.dataSource.query(
      `INSERT INTO sample_status_history (subject_id, aspect_id, from_status, to_status, value, at)
       VALUES ($1, $2, 'OK', 'Critical', '99', now() - interval '31 days')`,
      [svc(), temp.id],
    );
    const before = await historyRows();
    const r = await t.app.get(RetentionJob).runOnce();
    expect(r?.statusHistory).toBe(1);
    expect(await historyRows()).toBe(before - 1);
  });
  const svc = () => root.id;
});

describe('two changes of one sample in one transaction', () => {
  it('merge into one row, from the first status to the last', async () => {
    const solo = await insertSubject(t, { ...PLAIN, name: 'Solo' });
    const user = ((await t.dataSource.query(`SELECT id::text AS id FROM users LIMIT 1`)) as { id: string }[])[0].id;
    const row = (value: string): UpsertRow => ({
      subjectId: solo.id,
      aspectId: load.id,
      value,
      status: computeStatus(value, RANGES),
      messageCode: null,
      messageBody: null,
      relatedLinks: null,
    });
    const repo = t.app.get(SamplesRepository);
    const before = await historyRows();
    await t.dataSource.transaction(async (m) => {
      await repo.upsertMany([row('90')], user, m);
      await repo.upsertMany([row('5')], user, m);
    });
    expect(await historyRows()).toBe(before + 1);
    expect(await history('Solo|Load')).toMatchObject([{ fromStatus: null, toStatus: 'OK', value: '5' }]);
  });
});

describe('odd input is a 4xx, never a 5xx', () => {
  it('on every history, availability and audit route', async () => {
    const admin = await adminToken(t);
    const odd = ['limit=-1', 'limit=x', 'offset=1e99', 'from=0', 'from=99999999999999999', 'to=2026-13-45', 'window=99999999w',
      'depth=-1', 'depth=999999999999', 'aspect=', 'aspect=-', 'status=a&status=b', 'from[a]=1', 'window[]=1', 'sort=value', 'sort=-at',
      'fields=nope', 'fields=name,at', 'subjectTags=a,-b', 'sample[]=x'];
    const paths = ['/v1/samples/Hist%7CTemp/history', '/v1/samples/Hist%7CTemp/availability', '/v1/subjects/Hist/history',
      '/v1/subjects/Hist/availability', '/v1/samples/%7C/history', `/v1/subjects/${'x'.repeat(5000)}/history`, '/v1/auditEvents'];
    for (const path of paths) {
      for (const q of odd) {
        const r = await t.http().get(`${path}?${q}`).set('Authorization', path.includes('audit') ? admin : token);
        expect([path, q, r.status < 500]).toEqual([path, q, true]);
      }
    }
  });
});
