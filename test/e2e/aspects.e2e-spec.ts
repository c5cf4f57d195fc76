import { computeStatus } from '../../src/samples/status';
import { api } from '../support/api';
import type { TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { startWithCast, TestUser } from '../support/identity';

let t: TestApp;
let u: TestUser;
let u2: TestUser;
let other: TestUser;
let admin: string;

beforeAll(async () => {
  ({ t, u, u2, other, admin } = await startWithCast());
});

afterAll(async () => {
  await t?.close();
});

describe('POST /v1/aspects', () => {
  it('creates with defaults, user, owner and apiLinks; duplicate name any case → 409', async () => {
    const res = await api(t).as(u).post('/v1/aspects', { name: 'A39', timeout: '110s' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'A39', timeout: '110s', valueType: 'BOOLEAN', isPublished: false, tags: [], relatedLinks: [] });
    expect(res.body).not.toHaveProperty('criticalRange');
    expect(res.body.user.name).toBe(u.user.name);
    expect(res.body.owner.name).toBe(u.user.name);
    expect(res.body.apiLinks).toHaveLength(5);
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'a39', timeout: '1m' }), 409, 'DuplicateResourceError');
  });

  it('rejects read-only fields, bad tags, bad timeouts and names', async () => {
    expect(expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout: '1m', id: '0f8fad5b-d9cb-469f-a165-70867728950e' }), 400).description).toBe(
      'You cannot modify the read-only field: id',
    );
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout: '1m', tags: ['-x1'] }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout: '1m', tags: ['abc', 'ABC'] }), 400, 'DuplicateFieldError');
    for (const timeout of ['1', '1y', '1234567890s', '', 5]) expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39' }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B.39', timeout: '1m' }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout: '1m', valueType: 'TEXT' }), 400, 'SCHEMA_VALIDATION_FAILED');
    const links = [{ name: 'x', url: 'u' }, { name: 'x', url: 'v' }];
    expect(expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'B39', timeout: '1m', relatedLinks: links }), 400).message).toContain('Name of the relatedlinks should be unique');
    expect(await t.dataSource.query(`SELECT 1 FROM aspects WHERE lower(name) = 'b39'`)).toHaveLength(0);
  });

  it('validates ranges per value type (REFOCUS-REFERENCE.md §12 item 40)', async () => {
    await api(t).as(u).post('/v1/aspects', { name: 'R1', timeout: '1m', okRange: [0, 0], criticalRange: [1, 1] }).expect(201);
    const b = expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R2', timeout: '1m', okRange: [0, 1] }), 400, 'InvalidAspectStatusRange');
    expect(b.message).toBe('Value type: BOOLEAN can only have ranges: [0,0] or [1,1]');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R2', timeout: '1m', okRange: [0, 0], criticalRange: [0, 0] }), 400, 'InvalidAspectStatusRange');
    await api(t).as(u).post('/v1/aspects', { name: 'R3', timeout: '1m', valueType: 'NUMERIC', okRange: [-45, 70], criticalRange: [70, 900] }).expect(201);
    const n = expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R4', timeout: '1m', valueType: 'NUMERIC', okRange: [-9007199254740992, 0] }), 400, 'InvalidAspectStatusRange');
    expect(n.message).toContain('Value type: NUMERIC');
    await api(t).as(u).post('/v1/aspects', { name: 'R5', timeout: '1m', valueType: 'PERCENT', okRange: [0, 50], criticalRange: [60, 100] }).expect(201);
    const p = expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R6', timeout: '1m', valueType: 'PERCENT', okRange: [-5, 50] }), 400, 'InvalidAspectStatusRange');
    expect(p.message).toBe('Value type: PERCENT can only have ranges with min value: 0, max value: 100');
    expect(expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R7', timeout: '1m', valueType: 'NUMERIC', okRange: [1] }), 400).message).toBe('A non-null range must include two elements');
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R7', timeout: '1m', valueType: 'NUMERIC', okRange: [[1], 2] }), 400);
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R7', timeout: '1m', valueType: 'NUMERIC', okRange: ['a', 2] }), 400);
    expect(expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'R7', timeout: '1m', valueType: 'NUMERIC', okRange: [5, 2] }), 400).message).toBe(
      'The second element in the range must be greater than or equal to the first element',
    );
  });
});

describe('owner (REFOCUS-REFERENCE.md §12 item 28)', () => {
  it('defaults to the creator, can be set, and changes only by the owner or an admin with override', async () => {
    expect((await api(t).as(u).post('/v1/aspects', { name: 'O1', timeout: '1m', owner: u2.user.name }).expect(201)).body.owner.name).toBe(u2.user.name);
    const e = expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'O2', timeout: '1m', owner: 'nobody-here' }), 400, 'ValidationError');
    expect(e.message).toBe('Attempted to set the owner to a nonexistent user.');
    await api(t).as(u).post('/v1/aspects', { name: 'O3', timeout: '1m' }).expect(201);
    const patch = (token: string, owner: string, q = '') => api(t).as(token).patch(`/v1/aspects/O3${q}`, { owner });
    expectErrorBody(await patch(other.token, other.user.name), 403, 'ForbiddenError');
    expectErrorBody(await patch(other.token, other.user.name, '?override=admin'), 403);
    expectErrorBody(await patch(admin, other.user.name), 403);
    expect((await patch(u.token, u2.user.id).expect(200)).body.owner.name).toBe(u2.user.name);
    expect((await patch(admin, other.user.name, '?override=admin').expect(200)).body.owner.name).toBe(other.user.name);
  });
});

describe('GET /v1/aspects', () => {
  it('lists with filters, sort, fields and counts; gets by any-case name', async () => {
    await api(t).as(u).post('/v1/aspects', { name: 'G_a', timeout: '1m', tags: ['x1'], rank: 2, isPublished: true }).expect(201);
    await api(t).as(u).post('/v1/aspects', { name: 'G_b', timeout: '2m', tags: ['x1', 'y1'], rank: 1 }).expect(201);
    const res = await api(t).as(u).get('/v1/aspects?name=G_*&sort=rank').expect(200);
    expect(res.body.map((a: { name: string }) => a.name)).toEqual(['G_b', 'G_a']);
    expect(res.headers['x-total-count']).toBe('2');
    expect((await api(t).as(u).get('/v1/aspects?name=G_*&tags=y1').expect(200)).body).toHaveLength(1);
    expect((await api(t).as(u).get('/v1/aspects?name=G_*&isPublished=true').expect(200)).body[0].name).toBe('G_a');
    expect((await api(t).as(u).get('/v1/aspects?timeout=2M').expect(200)).body[0].name).toBe('G_b');
    const f = await api(t).as(u).get('/v1/aspects/g_A?fields=name').expect(200);
    expect(Object.keys(f.body).sort()).toEqual(['apiLinks', 'id', 'name']);
    expectErrorBody(await api(t).as(u).get('/v1/aspects/GxA'), 404);
  });
});

describe('PUT / PATCH / DELETE', () => {
  it('PATCH unions tags and merges links; PUT resets; tag and link deletes', async () => {
    await api(t).as(u).post('/v1/aspects', { name: 'P1', timeout: '1m', tags: ['aa'], relatedLinks: [{ name: 'l1', url: 'https://1' }], description: 'd' }).expect(201);
    const p = await api(t).as(u).patch('/v1/aspects/P1', { tags: ['bb', 'AA'], relatedLinks: [{ name: 'l1', url: 'https://x' }, { name: 'l2', url: 'https://2' }] }).expect(200);
    expect(p.body.tags).toEqual(['aa', 'bb']);
    expect(p.body.relatedLinks).toEqual([{ name: 'l1', url: 'https://x' }, { name: 'l2', url: 'https://2' }]);
    expect(p.body.description).toBe('d');
    expect((await api(t).as(u).delete('/v1/aspects/P1/tags/aa').expect(200)).body.tags).toEqual(['bb']);
    expect((await api(t).as(u).delete('/v1/aspects/P1/relatedLinks/l2').expect(200)).body.relatedLinks).toHaveLength(1);
    const put = await api(t).as(u).put('/v1/aspects/P1', { name: 'P1', timeout: '5m' }).expect(200);
    expect(put.body).not.toHaveProperty('description');
    expect(put.body.tags).toEqual([]);
    expect(put.body.owner.name).toBe(u.user.name);
    expectErrorBody(await api(t).as(u).put('/v1/aspects/P1', { name: 'P1' }), 400);
    expectErrorBody(await api(t).as(u).patch('/v1/aspects/P1', { valueType: 'PERCENT', okRange: [0, 200] }), 400, 'InvalidAspectStatusRange');
    await api(t).as(u).post('/v1/aspects', { name: 'P2', timeout: '1m' }).expect(201);
    expectErrorBody(await api(t).as(u).patch('/v1/aspects/P1', { name: 'p2' }), 409, 'DuplicateResourceError');
    const d = await api(t).as(u).delete('/v1/aspects/p1').expect(200);
    expect(d.body.name).toBe('P1');
    expectErrorBody(await api(t).as(u).get('/v1/aspects/P1'), 404);
  });

  it('writers: a non-writer cannot modify (REFOCUS-REFERENCE.md §12 item 24)', async () => {
    await api(t).as(u).post('/v1/aspects', { name: 'W1', timeout: '1m', tags: ['tag0'], relatedLinks: [{ name: 'rlink0', url: 'https://x' }] }).expect(201);
    await api(t).as(u).post('/v1/aspects/W1/writers', [u.user.name]).expect(201);
    expectErrorBody(await api(t).as(other.token).put('/v1/aspects/W1', { name: 'W1', timeout: '1m' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).patch('/v1/aspects/W1', { tags: ['tags'] }), 403);
    expectErrorBody(await api(t).as(other.token).delete('/v1/aspects/W1'), 403);
    expectErrorBody(await api(t).as(other.token).delete('/v1/aspects/W1/relatedLinks/rlink0'), 403);
    expectErrorBody(await api(t).as(other.token).delete('/v1/aspects/W1/tags/tag0'), 403);
    await api(t).as(u).patch('/v1/aspects/W1', { tags: ['tags'] }).expect(200);
  });
});

describe('samples follow their aspect', () => {
  const VALUES = ['', 'Timeout', 'true', 'FALSE', '0', '1', ' 5 ', '1e2', '0x10', '   ', 'abc', '70', '-45', '900', '901', '50.5', '.5', '-0', 'NaN', 'Infinity', '12abc', '1e400',
    // Number() literals that a hand-written SQL mirror of computeStatus got wrong.
    '0b101', '0o17', '0B11', '1e1000', '1e-1000', '00012', '1_0', '\t7\n'];
  const LONG_AGO = new Date('2000-01-01T00:00:00.000Z');
  let subjectId: string;

  beforeAll(async () => {
    const rows: { id: string }[] = await t.dataSource.query(`INSERT INTO subjects (name, absolute_path, is_published) VALUES ('SampSubj', 'SampSubj', true) RETURNING id`);
    subjectId = rows[0].id;
  });

  async function seed(aspectId: string): Promise<void> {
    for (const [i, value] of VALUES.entries()) {
      const sid: { id: string }[] = await t.dataSource.query(
        `INSERT INTO subjects (name, absolute_path, parent_id, is_published) VALUES ($1, $2, $3, true) RETURNING id`,
        [`s${i}`, `SampSubj.s${i}-${aspectId.slice(0, 4)}`, subjectId],
      );
      await t.dataSource.query(
        `INSERT INTO samples (subject_id, aspect_id, value, status, status_changed_at, updated_at) VALUES ($1, $2, $3, 'Invalid', $4, $4)`,
        [sid[0].id, aspectId, value, LONG_AGO],
      );
    }
  }

  const statuses = async (aspectId: string) =>
    (await t.dataSource.query(
      `SELECT value, status, previous_status AS "previousStatus", status_changed_at AS "statusChangedAt", updated_at AS "updatedAt"
         FROM samples WHERE aspect_id = $1`,
      [aspectId],
    )) as { value: string; status: string; previousStatus: string; statusChangedAt: Date; updatedAt: Date }[];

  it('a range change recomputes every status exactly as computeStatus, awkward Number() literals included', async () => {
    const a = await api(t).as(u).post('/v1/aspects', { name: 'Rng', timeout: '1m', valueType: 'NUMERIC', isPublished: true }).expect(201);
    await seed(a.body.id);
    const ranges = { okRange: [-45, 70], criticalRange: [70, 900], infoRange: [0.5, 0.5] };
    await api(t).as(u).patch('/v1/aspects/Rng', ranges).expect(200);
    const after = await statuses(a.body.id);
    expect(after).toHaveLength(VALUES.length);
    for (const s of after) {
      expect({ value: s.value, status: s.status }).toEqual({ value: s.value, status: computeStatus(s.value, ranges) });
      expect(s.updatedAt).toEqual(LONG_AGO);
      if (s.status !== 'Invalid') {
        expect(s.previousStatus).toBe('Invalid');
        expect(s.statusChangedAt).not.toEqual(LONG_AGO);
      } else {
        expect(s.statusChangedAt).toEqual(LONG_AGO);
      }
    }
    // What JavaScript's Number() makes of them, so a mirror that disagrees fails here.
    const byValue = Object.fromEntries(after.map((s) => [s.value, s.status]));
    expect(byValue).toMatchObject({ '0b101': 'OK', '0o17': 'OK', '0B11': 'OK', '1e1000': 'Invalid', '1e-1000': 'OK', '00012': 'OK', '1_0': 'Invalid', '\t7\n': 'OK' });
    const next = { warningRange: [0, 100] };
    await api(t).as(u).put('/v1/aspects/Rng', { name: 'Rng', timeout: '1m', valueType: 'NUMERIC', isPublished: true, ...next }).expect(200);
    const first = new Map(after.map((s) => [s.value, s]));
    for (const s of await statuses(a.body.id)) {
      expect(s.status).toBe(computeStatus(s.value, next));
      const old = first.get(s.value)!;
      if (s.status === old.status) expect([s.previousStatus, s.statusChangedAt]).toEqual([old.previousStatus, old.statusChangedAt]);
      else expect(s.previousStatus).toBe(old.status);
    }
  });

  it('renaming keeps samples; unpublishing and deleting remove them', async () => {
    const a = await api(t).as(u).post('/v1/aspects', { name: 'Ren', timeout: '1m', isPublished: true }).expect(201);
    await seed(a.body.id);
    await api(t).as(u).patch('/v1/aspects/Ren', { name: 'Renamed' }).expect(200);
    expect(await statuses(a.body.id)).toHaveLength(VALUES.length);
    const names: { name: string }[] = await t.dataSource.query(
      `SELECT s.absolute_path || '|' || a.name AS name FROM samples sm JOIN subjects s ON s.id = sm.subject_id JOIN aspects a ON a.id = sm.aspect_id WHERE a.id = $1`,
      [a.body.id],
    );
    expect(names.every((n) => n.name.endsWith('|Renamed'))).toBe(true);
    await api(t).as(u).patch('/v1/aspects/Renamed', { isPublished: false }).expect(200);
    expect(await statuses(a.body.id)).toHaveLength(0);
    const b = await api(t).as(u).post('/v1/aspects', { name: 'Del', timeout: '1m', isPublished: true }).expect(201);
    await seed(b.body.id);
    await api(t).as(u).delete('/v1/aspects/Del').expect(200);
    expect(await statuses(b.body.id)).toHaveLength(0);
  });
});

describe('out-of-range numbers', () => {
  it('rank beyond a 32-bit integer → 400', async () => {
    expectErrorBody(await api(t).as(u).post('/v1/aspects', { name: 'Big', timeout: '1m', rank: 1e10 }), 400, 'SCHEMA_VALIDATION_FAILED');
  });
});
