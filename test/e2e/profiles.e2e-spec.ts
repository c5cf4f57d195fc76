import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken } from '../support/identity';

describe('profiles: /v1/profiles', () => {
  let t: TestApp;
  let admin: string;
  let user: string;
  const auth = (token: string) => ({ Authorization: token });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    user = (await createUserWithToken(t, 'plain')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('has Admin and RefocusUser from the start, readable by anyone signed in', async () => {
    const res = await t.http().get('/v1/profiles').set(auth(user));
    expect(res.status).toBe(200);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Admin', 'RefocusUser']));
    const admins = await t.http().get('/v1/profiles/admin').set(auth(user));
    expect(admins.body).toMatchObject({ name: 'Admin', userCount: 1 });
    expectErrorBody(await t.http().get('/v1/profiles/nope').set(auth(user)), 404);
  });

  it('changes are admin-only (403 for others, nothing changes)', async () => {
    expectErrorBody(await t.http().post('/v1/profiles').set(auth(user)).send({ name: 'Ops' }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().put('/v1/profiles/RefocusUser').set(auth(user)).send({ name: 'Renamed' }), 403);
    expectErrorBody(await t.http().patch('/v1/profiles/RefocusUser').set(auth(user)).send({ name: 'Renamed' }), 403);
    expectErrorBody(await t.http().delete('/v1/profiles/RefocusUser').set(auth(user)), 403);
    expectErrorBody(await t.http().get('/v1/profiles/Ops').set(auth(admin)), 404);
  });

  it('an admin creates, renames and deletes a profile; names are validated and unique in any case', async () => {
    const created = await t.http().post('/v1/profiles').set(auth(admin)).send({ name: 'Ops' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ops', userCount: 0 });
    expectErrorBody(await t.http().post('/v1/profiles').set(auth(admin)).send({ name: 'OPS' }), 409, 'DuplicateResourceError');
    expectErrorBody(await t.http().post('/v1/profiles').set(auth(admin)).send({ name: 'has space' }), 400);
    expectErrorBody(await t.http().post('/v1/profiles').set(auth(admin)).send({ name: 'x'.repeat(61) }), 400);
    const renamed = await t.http().patch('/v1/profiles/ops').set(auth(admin)).send({ name: 'Operators' });
    expect(renamed.body.name).toBe('Operators');
    expect((await t.http().delete(`/v1/profiles/${created.body.id}`).set(auth(admin))).status).toBe(200);
    expectErrorBody(await t.http().get('/v1/profiles/Operators').set(auth(admin)), 404);
  });

  it('the built-in profiles cannot be renamed or deleted; a profile with users cannot be deleted', async () => {
    expectErrorBody(await t.http().patch('/v1/profiles/Admin').set(auth(admin)).send({ name: 'Root' }), 403, 'AdminUpdateDeleteForbidden');
    expectErrorBody(await t.http().delete('/v1/profiles/RefocusUser').set(auth(admin)), 403, 'AdminUpdateDeleteForbidden');
    await t.http().post('/v1/profiles').set(auth(admin)).send({ name: 'Team' });
    await t.http().patch('/v1/users/plain').set(auth(admin)).send({ profileId: 'Team' });
    expectErrorBody(await t.http().delete('/v1/profiles/Team').set(auth(admin)), 403, 'ProfileDeleteConstraintError');
  });
});
