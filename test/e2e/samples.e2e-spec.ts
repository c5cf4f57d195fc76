import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { AspectRecord, insertAspect, insertSubject, insertWriters, NUMERIC_ASPECT, PLAIN, sampleRow, SubjectRecord } from '../support/records';

describe('Samples (REFOCUS-REFERENCE.md §4.5, §12 items 42–45)', () => {
  let t: TestApp;
  let u: TestUser;
  let other: TestUser;
  let root: SubjectRecord;
  let child: SubjectRecord;
  let hidden: SubjectRecord;
  let temp: AspectRecord;
  let draft: AspectRecord;
  let locked: AspectRecord;


  beforeAll(async () => {
    t = await createTestApp();
    u = await createUserWithToken(t);
    other = await createUserWithToken(t);
    root = await insertSubject(t, { ...PLAIN, name: 'Root' });
    child = await insertSubject(t, { ...PLAIN, name: 'Child', parent: root });
    hidden = await insertSubject(t, { ...PLAIN, name: 'Hidden', published: false });
    temp = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Temperature', criticalRange: [0, 1], warningRange: [2, 3], okRange: [4, 100] });
    draft = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Draft', published: false, okRange: [0, 10] });
    locked = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Locked', okRange: [0, 10] });
    await insertWriters(t, 'aspect', locked.id, [u.user.id]);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /v1/samples/upsert (item 42)', () => {
    it('requires a name: 400 SCHEMA_VALIDATION_FAILED mentioning name', async () => {
      const res = await api(t).as(u).post('/v1/samples/upsert', { value: '1' });
      const err = expectErrorBody(res, 400, 'SCHEMA_VALIDATION_FAILED');
      expect(String(err.message)).toMatch(/name/);
    });

    it('answers 404 for an unknown or unpublished subject or aspect, writing nothing', async () => {
      for (const name of ['Nope|Temperature', 'Root|Nope', 'Hidden|Temperature', 'Root|Draft']) {
        const res = await api(t).as(u).post('/v1/samples/upsert', { name, value: '1' });
        expectErrorBody(res, 404, 'ResourceNotFoundError');
      }
      expect(await sampleRow(t, hidden.id, temp.id)).toBeUndefined();
      expect(await sampleRow(t, root.id, draft.id)).toBeUndefined();
    });

    it('answers 400 for a malformed name', async () => {
      for (const name of ['Root.Child', 'Root|Temperature|x', 'Ro ot|Temperature', 'Root|Tem.perature', '|Temperature']) {
        const res = await api(t).as(u).post('/v1/samples/upsert', { name, value: '1' });
        expectErrorBody(res, 400);
      }
    });

    it('upserts value 2 with warningRange [2,3] → 200 Warning, no id, apiLinks by name', async () => {
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'Root.Child|Temperature', value: '2' });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Root.Child|Temperature');
      expect(res.body.status).toBe('Warning');
      expect(res.body.previousStatus).toBe('Invalid');
      expect(res.body).not.toHaveProperty('id');
      expect(res.body.relatedLinks).toEqual([]);
      const links = res.body.apiLinks as { href: string; method: string }[];
      expect(links.length).toBeGreaterThan(1);
      for (const l of links) {
        if (l.method === 'POST') expect(l.href).toBe('/v1/samples');
        else expect(l.href.endsWith('Root.Child|Temperature')).toBe(true);
      }
    });

    it('keeps the stored casing when upserted with another case', async () => {
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'root.child|temperature', value: '3' });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Root.Child|Temperature');
      const rows = (await t.dataSource.query('SELECT count(*)::int AS n FROM samples WHERE subject_id = $1', [child.id])) as { n: number }[];
      expect(rows[0].n).toBe(1);
    });

    it('refuses duplicate related link names: 400, source Sample', async () => {
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Temperature', value: '1', relatedLinks: [{ name: 'a', url: 'https://x' }, { name: 'a', url: 'https://y' }] });
      const err = expectErrorBody(res, 400);
      expect(String(err.message)).toContain('Name of the relatedlinks should be unique');
      expect(err.source).toBe('Sample');
      expect(await sampleRow(t, root.id, temp.id)).toBeUndefined();
    });

    it.each(['status', 'createdAt', 'previousStatus', 'statusChangedAt', 'id'])('refuses read-only %s: 400', async (field) => {
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Temperature', value: '1', [field]: 'x' });
      const err = expectErrorBody(res, 400, 'ValidationError');
      expect(String(err.description)).toContain(field);
      expect(await sampleRow(t, root.id, temp.id)).toBeUndefined();
    });

    it('refuses a value over 255 characters, a messageCode over 5', async () => {
      expectErrorBody(await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Temperature', value: 'x'.repeat(256) }), 400);
      expectErrorBody(await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Temperature', messageCode: '123456' }), 400);
      expectErrorBody(await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Temperature', value: 5 }), 400);
    });

    it('applies the status transitions of REFOCUS-REFERENCE.md §5', async () => {
      const name = 'Root|Temperature';
      const first = await api(t).as(u).post('/v1/samples/upsert', { name, value: '50' });
      expect(first.body).toMatchObject({ status: 'OK', previousStatus: 'Invalid', value: '50' });
      const changedAt = first.body.statusChangedAt as string;

      const same = await api(t).as(u).post('/v1/samples/upsert', { name, value: '60' });
      expect(same.body).toMatchObject({ status: 'OK', previousStatus: 'Invalid', value: '60', statusChangedAt: changedAt });
      expect(new Date(same.body.updatedAt as string).getTime()).toBeGreaterThanOrEqual(new Date(first.body.updatedAt as string).getTime());

      const changed = await api(t).as(u).post('/v1/samples/upsert', { name, value: '1' });
      expect(changed.body).toMatchObject({ status: 'Critical', previousStatus: 'OK', value: '1' });
      expect(new Date(changed.body.statusChangedAt as string).getTime()).toBeGreaterThan(new Date(changedAt).getTime());

      const invalid = await api(t).as(u).post('/v1/samples/upsert', { name, value: '' });
      expect(invalid.body).toMatchObject({ status: 'Invalid', previousStatus: 'Critical', value: '' });
    });

    it('without value keeps the stored value; without relatedLinks keeps them', async () => {
      const name = 'Root.Child|Locked';
      await api(t).as(u).post('/v1/samples/upsert', { name, value: '5', messageCode: 'M1', relatedLinks: [{ name: 'runbook', url: 'https://r' }] })
        .expect(200);
      const res = await api(t).as(u).post('/v1/samples/upsert', { name, messageBody: 'hello' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ value: '5', status: 'OK', messageCode: 'M1', messageBody: 'hello' });
      expect(res.body.relatedLinks).toEqual([{ name: 'runbook', url: 'https://r' }]);
    });

    it('a new sample without value gets "" and Invalid', async () => {
      const s = await insertSubject(t, { ...PLAIN, name: 'Fresh' });
      const res = await api(t).as(u).post('/v1/samples/upsert', { name: 'Fresh|Temperature' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ value: '', status: 'Invalid' });
      expect(await sampleRow(t, s.id, temp.id)).toBeDefined();
    });
  });

  describe('GET /v1/samples (item 44)', () => {
    it('lists samples with the reference fields', async () => {
      await api(t).as(u).post('/v1/samples/upsert', { name: 'Root.Child|Temperature', value: '1' }).expect(200);
      const res = await api(t).as(other).get('/v1/samples?name=Root.Child|Temperature');
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBe('1');
      expect(res.body).toHaveLength(1);
      const s = res.body[0];
      for (const f of ['name', 'status', 'previousStatus', 'statusChangedAt', 'value', 'createdAt', 'updatedAt', 'aspectId', 'subjectId']) {
        expect(typeof s[f]).toBe('string');
      }
      expect(s.status).toBe('Critical');
      expect(Array.isArray(s.relatedLinks)).toBe(true);
      expect(s.provider).toBe(u.user.id);
      expect(s.user).toEqual({ name: u.user.name, email: u.user.email, profile: { name: 'RefocusUser' } });
      expect(s.aspect).toMatchObject({ id: temp.id, name: 'Temperature', criticalRange: [0, 1], warningRange: [2, 3] });
      expect(s.aspect).not.toHaveProperty('statusChangedAt');
      expect(s).not.toHaveProperty('id');
      expect(s.subjectId).toBe(child.id);
      expect(s.aspectId).toBe(temp.id);
    });

    it('gets one by lower-cased name with the original name', async () => {
      const res = await api(t).as(other).get('/v1/samples/root.child%7Ctemperature');
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Root.Child|Temperature');
    });

    it('answers 404 for an unknown or malformed name', async () => {
      expectErrorBody(await api(t).as(u).get('/v1/samples/Root.Child%7CNope'), 404, 'ResourceNotFoundError');
      expectErrorBody(await api(t).as(u).get('/v1/samples/nobar'), 404, 'ResourceNotFoundError');
    });

    it('filters by name wildcard and comma OR, status, and selects fields', async () => {
      const all = await api(t).as(u).get('/v1/samples');
      expect(all.status).toBe(200);
      const names = (all.body as { name: string }[]).map((s) => s.name);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));

      const wild = await api(t).as(u).get('/v1/samples?name=root*|temperature');
      expect((wild.body as { name: string }[]).map((s) => s.name).sort()).toEqual(['Root.Child|Temperature', 'Root|Temperature']);

      const or = await api(t).as(u).get('/v1/samples?name=root|temperature,fresh|temperature');
      expect((or.body as { name: string }[]).map((s) => s.name).sort()).toEqual(['Fresh|Temperature', 'Root|Temperature']);

      const critical = await api(t).as(u).get('/v1/samples?status=Critical');
      expect((critical.body as { status: string }[]).every((s) => s.status === 'Critical')).toBe(true);
      expect(critical.body.length).toBeGreaterThan(0);

      const fields = await api(t).as(u).get('/v1/samples?fields=value&name=Root.Child|Temperature');
      expect(Object.keys(fields.body[0]).sort()).toEqual(['apiLinks', 'name', 'value']);

      const desc = await api(t).as(u).get('/v1/samples?sort=-name&limit=2');
      expect(desc.body).toHaveLength(2);
      expect((desc.body[0] as { name: string }).name >= (desc.body[1] as { name: string }).name).toBe(true);
      expect(Number(desc.headers['x-total-count'])).toBe(names.length);

      expectErrorBody(await api(t).as(u).get('/v1/samples?sort=bogus'), 400);
    });

    it('still embeds the provider once that user is deleted, in the list as in a read by name', async () => {
      const leaver = await createUserWithToken(t);
      await insertSubject(t, { ...PLAIN, name: 'LeftBehind' });
      await api(t).as(leaver).post('/v1/samples/upsert', { name: 'LeftBehind|Temperature', value: '5' }).expect(200);
      const removed = await t.http().delete(`/v1/users/${leaver.user.name}`).set({ Authorization: await adminToken(t) });
      expect(removed.status).toBe(200);
      const one = await api(t).as(u).get('/v1/samples/LeftBehind%7CTemperature');
      expect(one.body.user).toMatchObject({ name: leaver.user.name, email: leaver.user.email });
      const listed = await api(t).as(u).get('/v1/samples?name=LeftBehind|Temperature');
      expect(listed.body).toHaveLength(1);
      expect(listed.body[0].user).toEqual(one.body.user);
    });

    it('needs a token', async () => {
      expectErrorBody(await t.http().get('/v1/samples'), 401, 'AuthenticationError');
    });
  });

  describe('POST /v1/samples (item 45)', () => {
    it('creates a sample: 201, omitted relatedLinks → []', async () => {
      const s = await insertSubject(t, { ...PLAIN, name: 'Created' });
      const res = await api(t).as(u).post('/v1/samples', { subjectId: s.id, aspectId: temp.id, value: '2' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Created|Temperature', status: 'Warning', relatedLinks: [], subjectId: s.id, aspectId: temp.id });
    });

    it('stores the related links and message as given (jsonb, not a string), with the provider', async () => {
      const s = await insertSubject(t, { ...PLAIN, name: 'CreatedLinks' });
      const links = [{ name: 'runbook', url: 'https://r' }];
      const res = await api(t).as(u).post('/v1/samples', { subjectId: s.id, aspectId: temp.id, value: '2', messageCode: 'M1', relatedLinks: links });
      expect(res.status).toBe(201);
      const read = await api(t).as(u).get('/v1/samples/CreatedLinks%7CTemperature');
      expect(read.body).toMatchObject({ value: '2', messageCode: 'M1', relatedLinks: links, previousStatus: 'Invalid' });
      expect(read.body.user).toMatchObject({ name: u.user.name });
    });

    it('answers 409 DuplicateResourceError for an existing sample', async () => {
      const res = await api(t).as(u).post('/v1/samples', { subjectId: child.id, aspectId: temp.id, value: '50' });
      expectErrorBody(res, 409, 'DuplicateResourceError');
      expect((await sampleRow(t, child.id, temp.id))?.value).toBe('1');
    });

    it('refuses name in the body: 400 ValidationError', async () => {
      const res = await api(t).as(u).post('/v1/samples', { subjectId: root.id, aspectId: locked.id, name: 'Root|Locked' });
      expect(String(expectErrorBody(res, 400).type)).toContain('ValidationError');
    });

    it('answers 404 for an unpublished or unknown subject or aspect', async () => {
      expectErrorBody(await api(t).as(u).post('/v1/samples', { subjectId: hidden.id, aspectId: temp.id }), 404);
      expectErrorBody(await api(t).as(u).post('/v1/samples', { subjectId: root.id, aspectId: draft.id }), 404);
      expectErrorBody(
        await api(t).as(u).post('/v1/samples', { subjectId: root.id, aspectId: '00000000-0000-4000-8000-000000000000' }),
        404,
      );
    });

    it('answers 400 for a subjectId that is not a UUID', async () => {
      expectErrorBody(await api(t).as(u).post('/v1/samples', { subjectId: 'Root', aspectId: temp.id }), 400);
    });
  });

  describe('PUT, PATCH, DELETE', () => {
    const name = 'Root.Child|Locked';

    it('PATCH recomputes the status from a sent value and keeps the rest', async () => {
      const res = await api(t).as(u).patch(`/v1/samples/${encodeURIComponent(name)}`, { value: '11' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ value: '11', status: 'Invalid', previousStatus: 'OK', messageCode: 'M1' });
      const msg = await api(t).as(u).patch(`/v1/samples/${encodeURIComponent(name)}`, { messageCode: 'M2' });
      expect(msg.body).toMatchObject({ value: '11', status: 'Invalid', previousStatus: 'OK', messageCode: 'M2' });
    });

    it('DELETE of one related link, then of all', async () => {
      await api(t).as(u).patch(`/v1/samples/${encodeURIComponent(name)}`, { relatedLinks: [{ name: 'a', url: 'https://a' }, { name: 'b', url: 'https://b' }] })
        .expect(200);
      const one = await api(t).as(u).delete(`/v1/samples/${encodeURIComponent(name)}/relatedLinks/a`);
      expect(one.status).toBe(200);
      expect(one.body.relatedLinks).toEqual([{ name: 'b', url: 'https://b' }]);
      const all = await api(t).as(u).delete(`/v1/samples/${encodeURIComponent(name)}/relatedLinks`);
      expect(all.status).toBe(200);
      expect(all.body.relatedLinks).toEqual([]);
    });

    it('PUT overwrites: value defaults to "", message fields cleared', async () => {
      const res = await api(t).as(u).put(`/v1/samples/${encodeURIComponent(name)}`, { value: '3' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ value: '3', status: 'OK', relatedLinks: [] });
      expect(res.body).not.toHaveProperty('messageCode');
      expect(res.body).not.toHaveProperty('messageBody');
      const empty = await api(t).as(u).put(`/v1/samples/${encodeURIComponent(name)}`, {});
      expect(empty.body).toMatchObject({ value: '', status: 'Invalid' });
    });

    it('refuses read-only fields in PUT/PATCH', async () => {
      expectErrorBody(await api(t).as(u).patch(`/v1/samples/${encodeURIComponent(name)}`, { status: 'OK' }), 400);
      expectErrorBody(await api(t).as(u).put(`/v1/samples/${encodeURIComponent(name)}`, { name: 'x|y' }), 400);
    });

    it('answers 404 for an unknown sample', async () => {
      expectErrorBody(await api(t).as(u).patch('/v1/samples/Root%7CNope', { value: '1' }), 404);
      expectErrorBody(await api(t).as(u).delete('/v1/samples/Hidden%7CTemperature'), 404);
    });

    it('answers 404 Invalid sample name for a malformed key on reads and writes', async () => {
      for (const key of ['nobar', 'Root%7CTemperature%7Cx', 'Ro%25ot%7CTemperature', 'Root%7CTem.perature']) {
        for (const req of [api(t).as(u).get(`/v1/samples/${key}`), api(t).as(u).patch(`/v1/samples/${key}`, { value: '1' })]) {
          const item = expectErrorBody(await req, 404, 'ResourceNotFoundError');
          expect(item.message).toBe('Invalid sample name');
        }
      }
    });

    it('DELETE answers the deleted sample with only the POST link', async () => {
      await api(t).as(u).post('/v1/samples/upsert', { name: 'Root|Locked', value: '1' }).expect(200);
      const res = await api(t).as(u).delete('/v1/samples/root%7Clocked');
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Root|Locked');
      expect(res.body.apiLinks).toEqual([expect.objectContaining({ method: 'POST', href: '/v1/samples' })]);
      expectErrorBody(await api(t).as(u).get('/v1/samples/Root%7CLocked'), 404);
      expect(await sampleRow(t, root.id, locked.id)).toBeUndefined();
    });
  });

  describe("writes follow the aspect's writers (REFOCUS-REFERENCE.md §12 items 25–27, CONTRACT.md §6)", () => {
    const name = 'Root.Child|Locked';

    beforeAll(async () => {
      await api(t).as(u).post('/v1/samples/upsert', { name, value: '1', relatedLinks: [{ name: 'l', url: 'https://l' }] }).expect(200);
    });

    it('refuses a non-writer everywhere with 403 UpdateDeleteForbidden and changes nothing', async () => {
      const key = encodeURIComponent(name);
      const attempts = [
        api(t).as(other).post('/v1/samples/upsert', { name, value: '2' }),
        api(t).as(other).post('/v1/samples', { subjectId: root.id, aspectId: locked.id, value: '1' }),
        api(t).as(other).patch(`/v1/samples/${key}`, { value: '2', relatedLinks: [] }),
        api(t).as(other).put(`/v1/samples/${key}`, { value: '2' }),
        api(t).as(other).delete(`/v1/samples/${key}`),
        api(t).as(other).delete(`/v1/samples/${key}/relatedLinks`),
        api(t).as(other).delete(`/v1/samples/${key}/relatedLinks/l`),
      ];
      for (const attempt of attempts) {
        const err = expectErrorBody(await attempt, 403, 'UpdateDeleteForbidden');
        expect(String(err.description)).toContain('Locked');
      }
      const row = await sampleRow(t, child.id, locked.id);
      expect(row?.value).toBe('1');
      expect(row?.related_links).toEqual([{ name: 'l', url: 'https://l' }]);
      expect(await sampleRow(t, root.id, locked.id)).toBeUndefined();
    });

    it('refuses an admin who is not a writer unless ?override=admin', async () => {
      const admin = { Authorization: await adminToken(t) };
      expectErrorBody(await t.http().post('/v1/samples/upsert').set(admin).send({ name, value: '2' }), 403, 'UpdateDeleteForbidden');
      const res = await t.http().post('/v1/samples/upsert?override=admin').set(admin).send({ name, value: '2' });
      expect(res.status).toBe(200);
      expect(res.body.value).toBe('2');
      expectErrorBody(await api(t).as(other).post('/v1/samples/upsert?override=admin', { name, value: '3' }), 403);
    });

    it('lets a writer write', async () => {
      const res = await api(t).as(u).patch(`/v1/samples/${encodeURIComponent(name)}`, { value: '4' });
      expect(res.status).toBe(200);
      expect(res.body.value).toBe('4');
    });
  });

  describe('names follow subjects and aspects', () => {
    it('keeps the sample when the subject is renamed or the aspect renamed', async () => {
      const s = await insertSubject(t, { ...PLAIN, name: 'Mover' });
      const a = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Speed', okRange: [0, 10] });
      await api(t).as(u).post('/v1/samples/upsert', { name: 'Mover|Speed', value: '1' }).expect(200);
      await t.dataSource.query(`UPDATE subjects SET name = 'Moved', absolute_path = 'Root.Moved', parent_id = $2 WHERE id = $1`, [s.id, root.id]);
      await t.dataSource.query(`UPDATE aspects SET name = 'Velocity' WHERE id = $1`, [a.id]);
      const res = await api(t).as(u).get('/v1/samples/Root.Moved%7CVelocity');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Root.Moved|Velocity', value: '1', status: 'OK' });
      expectErrorBody(await api(t).as(u).get('/v1/samples/Mover%7CSpeed'), 404);
    });
  });
});
