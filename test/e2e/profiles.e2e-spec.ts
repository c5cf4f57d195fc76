import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken } from '../support/identity';

describe('profiles: /v1/profiles', () => {
  let t: TestApp;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    user = (await createUserWithToken(t, 'plain')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('has Admin and RefocusUser from the start, readable by anyone signed in', async () => {
    const res = await api(t).as(user).get('/v1/profiles');
    expect(res.status).toBe(200);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Admin', 'RefocusUser']));
    const admins = await api(t).as(user).get('/v1/profiles/admin');
    expect(admins.body).toMatchObject({ name: 'Admin', userCount: 1 });
    expectErrorBody(await api(t).as(user).get('/v1/profiles/nope'), 404);
  });

  it('changes are admin-only (403 for others, nothing changes)', async () => {
    expectErrorBody(await api(t).as(user).post('/v1/profiles', { name: 'Ops' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(user).put('/v1/profiles/RefocusUser', { name: 'Renamed' }), 403);
    expectErrorBody(await api(t).as(user).patch('/v1/profiles/RefocusUser', { name: 'Renamed' }), 403);
    expectErrorBody(await api(t).as(user).delete('/v1/profiles/RefocusUser'), 403);
    expectErrorBody(await api(t).as(admin).get('/v1/profiles/Ops'), 404);
  });

  it('an admin creates, renames and deletes a profile; names are validated and unique in any case', async () => {
    const created = await api(t).as(admin).post('/v1/profiles', { name: 'Ops' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ops', userCount: 0 });
    expectErrorBody(await api(t).as(admin).post('/v1/profiles', { name: 'OPS' }), 409, 'DuplicateResourceError');
    expectErrorBody(await api(t).as(admin).post('/v1/profiles', { name: 'has space' }), 400);
    expectErrorBody(await api(t).as(admin).post('/v1/profiles', { name: 'x'.repeat(61) }), 400);
    const renamed = await api(t).as(admin).patch('/v1/profiles/ops', { name: 'Operators' });
    expect(renamed.body.name).toBe('Operators');
    expect((await api(t).as(admin).delete(`/v1/profiles/${created.body.id}`)).status).toBe(200);
    expectErrorBody(await api(t).as(admin).get('/v1/profiles/Operators'), 404);
  });

  it('the built-in profiles cannot be renamed or deleted; a profile with users cannot be deleted', async () => {
    expectErrorBody(await api(t).as(admin).patch('/v1/profiles/Admin', { name: 'Root' }), 403, 'AdminUpdateDeleteForbidden');
    expectErrorBody(await api(t).as(admin).delete('/v1/profiles/RefocusUser'), 403, 'AdminUpdateDeleteForbidden');
    await api(t).as(admin).post('/v1/profiles', { name: 'Team' });
    await api(t).as(admin).patch('/v1/users/plain', { profileId: 'Team' });
    expectErrorBody(await api(t).as(admin).delete('/v1/profiles/Team'), 403, 'ProfileDeleteConstraintError');
  });

  it('counts active users only, in the list and the record; a deleted user is listed nowhere', async () => {
    await api(t).as(admin).post('/v1/profiles', { name: 'Counted' });
    for (const name of ['counted-a', 'counted-b']) {
      await createUserWithToken(t, name);
      expect((await api(t).as(admin).patch(`/v1/users/${name}`, { profileId: 'Counted' })).status).toBe(200);
    }
    expect((await api(t).as(user).get('/v1/profiles/Counted')).body.userCount).toBe(2);
    expect((await api(t).as(admin).delete('/v1/users/counted-b')).status).toBe(200);
    expect((await api(t).as(user).get('/v1/profiles/Counted')).body.userCount).toBe(1);
    const listed = (await api(t).as(user).get('/v1/profiles')).body as { name: string; userCount: number }[];
    expect(listed.find((p) => p.name === 'Counted')?.userCount).toBe(1);
    const users = await api(t).as(user).get('/v1/users?name=counted-*');
    expect(users.body.map((u: { name: string }) => u.name)).toEqual(['counted-a']);
    expect(users.headers['x-total-count']).toBe('1');
  });
});
