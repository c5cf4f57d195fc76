import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';

let t: TestApp;
let u: TestUser;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  u = await createUserWithToken(t);
  admin = await adminToken(t);
});

afterAll(async () => {
  await t?.close();
});

async function count(): Promise<number> {
  const rows: { c: number }[] = await t.dataSource.query('SELECT count(*)::int AS c FROM global_config');
  return rows[0].c;
}

describe('/v1/globalconfig', () => {
  it('lets an admin create, anyone signed in read, an admin patch and delete', async () => {
    const created = await t.http().post('/v1/globalconfig').set('Authorization', admin).send({ key: 'DEFAULT_PERSPECTIVE', value: 'Fleet' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'DEFAULT_PERSPECTIVE', value: 'Fleet' });
    expect(created.body.id).toEqual(expect.any(String));

    const list = await t.http().get('/v1/globalconfig').set('Authorization', u.token);
    expect(list.status).toBe(200);
    expect(list.body.map((r: { key: string }) => r.key)).toContain('DEFAULT_PERSPECTIVE');

    const byKey = await t.http().get('/v1/globalconfig/default_perspective').set('Authorization', u.token);
    expect(byKey.status).toBe(200);
    expect(byKey.body.value).toBe('Fleet');
    const byId = await t.http().get(`/v1/globalconfig/${created.body.id}`).set('Authorization', u.token);
    expect(byId.body.key).toBe('DEFAULT_PERSPECTIVE');

    const patched = await t.http().patch('/v1/globalconfig/DEFAULT_PERSPECTIVE').set('Authorization', admin).send({ value: 'Other' });
    expect(patched.status).toBe(200);
    expect(patched.body.value).toBe('Other');

    const deleted = await t.http().delete('/v1/globalconfig/DEFAULT_PERSPECTIVE').set('Authorization', admin);
    expect(deleted.status).toBe(200);
    expect(deleted.body.key).toBe('DEFAULT_PERSPECTIVE');
    expect((await t.http().get('/v1/globalconfig/DEFAULT_PERSPECTIVE').set('Authorization', u.token)).status).toBe(404);
  });

  it('refuses writes by non-admins with 403 and writes nothing', async () => {
    const before = await count();
    const res = await t.http().post('/v1/globalconfig').set('Authorization', u.token).send({ key: 'X_BY_USER', value: '1' });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].type).toBe('ForbiddenError');
    expect(await count()).toBe(before);

    await t.http().post('/v1/globalconfig').set('Authorization', admin).send({ key: 'KEEP_ME', value: 'a' }).expect(201);
    expect((await t.http().patch('/v1/globalconfig/KEEP_ME').set('Authorization', u.token).send({ value: 'b' })).status).toBe(403);
    expect((await t.http().delete('/v1/globalconfig/KEEP_ME').set('Authorization', u.token)).status).toBe(403);
    const kept = await t.http().get('/v1/globalconfig/KEEP_ME').set('Authorization', u.token);
    expect(kept.body.value).toBe('a');
  });

  it('answers 409 for a duplicate key in any case, 400 for a bad body, 401 without a token', async () => {
    await t.http().post('/v1/globalconfig').set('Authorization', admin).send({ key: 'DUP_KEY', value: '1' }).expect(201);
    const dup = await t.http().post('/v1/globalconfig').set('Authorization', admin).send({ key: 'dup_key', value: '2' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].type).toBe('DuplicateResourceError');
    for (const body of [{}, { key: '' }, { key: 'a b' }, { key: 'OK_KEY', value: 5 }, { key: 'OK_KEY', id: 'x' }]) {
      const res = await t.http().post('/v1/globalconfig').set('Authorization', admin).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await t.http().get('/v1/globalconfig/OK_KEY').set('Authorization', admin)).status).toBe(404);
    expect((await t.http().get('/v1/globalconfig')).status).toBe(401);
  });
});
