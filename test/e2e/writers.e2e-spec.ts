import { AuthenticatedUser } from '../../src/auth/caller';
import { ForbiddenError, NotFoundError, UpdateDeleteForbiddenError } from '../../src/common/errors/api-errors';
import { ResourceKind } from '../../src/writers/resource-kind';
import { WritersService } from '../../src/writers/writers.service';
import type { TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { startWithCast, TestUser } from '../support/identity';
import { insertAspect, insertLens, insertPerspective, insertSample, insertSubject, insertWriters, RecordIds } from '../support/records';

type Kind = 'subject' | 'aspect' | 'perspective' | 'lens';

const KINDS: { kind: Kind; res: string; fk: string; create: (t: TestApp) => Promise<RecordIds & { path?: string }> }[] = [
  { kind: 'subject', res: 'subjects', fk: 'subjectId', create: (t) => insertSubject(t) },
  { kind: 'aspect', res: 'aspects', fk: 'aspectId', create: (t) => insertAspect(t) },
  { kind: 'perspective', res: 'perspectives', fk: 'perspectiveId', create: (t) => insertPerspective(t) },
  { kind: 'lens', res: 'lenses', fk: 'lensId', create: (t) => insertLens(t) },
];

let t: TestApp;
let u: TestUser;
let user2: TestUser;
let other: TestUser;
let admin: string;

beforeAll(async () => {
  ({ t, u, u2: user2, other, admin } = await startWithCast());
});

afterAll(async () => {
  await t?.close();
});

describe.each(KINDS)('writers of $res', ({ kind, res, fk, create }) => {
  let rec: RecordIds & { path?: string };
  let base: string;
  const key = (): string => rec.path ?? rec.name;
  const writerNames = async (): Promise<string[]> => {
    const r = await t.http().get(`${base}/writers`).set('Authorization', u.token);
    expect(r.status).toBe(200);
    return (r.body as { name: string }[]).map((w) => w.name).sort();
  };

  beforeEach(async () => {
    rec = await create(t);
    base = `/v1/${res}/${rec.id}`;
  });

  it('lists [] for a record without writers and 404 for an unknown key', async () => {
    const r = await t.http().get(`${base}/writers`).set('Authorization', u.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
    expectErrorBody(await t.http().get(`/v1/${res}/NoSuch${kind}/writers`).set('Authorization', u.token), 404, 'ResourceNotFoundError');
    expectErrorBody(await t.http().get(`/v1/${res}/00000000-0000-4000-8000-000000000000/writers`).set('Authorization', u.token), 404);
  });

  it('needs a token', async () => {
    expectErrorBody(await t.http().get(`${base}/writers`), 401, 'AuthenticationError');
    expectErrorBody(await t.http().post(`${base}/writers`).send([u.user.name]), 401, 'AuthenticationError');
    expectErrorBody(await t.http().delete(`${base}/writers`), 401, 'AuthenticationError');
    expect(await writerNames()).toEqual([]);
  });

  it('adds writers by name or id, answers the join rows, and never duplicates', async () => {
    const r = await t.http().post(`${base}/writers`).set('Authorization', u.token).send([u.user.name, user2.user.id]);
    expect(r.status).toBe(201);
    expect(r.body).toHaveLength(2);
    for (const row of r.body as Record<string, string>[]) {
      expect(Object.keys(row).sort()).toEqual(['createdAt', fk, 'updatedAt', 'userId'].sort());
      expect(row[fk]).toBe(rec.id);
    }
    expect((r.body as { userId: string }[]).map((x) => x.userId).sort()).toEqual([u.user.id, user2.user.id].sort());

    const again = await t.http().post(`${base}/writers`).set('Authorization', u.token).send([u.user.name.toUpperCase(), u.user.id]);
    expect(again.status).toBe(201);
    expect(again.body).toHaveLength(1);
    expect(await writerNames()).toEqual([u.user.name, user2.user.name].sort());
  });

  it('shows writers as users without any password', async () => {
    await insertWriters(t, kind, rec.id, [u.user.id, user2.user.id]);
    const r = await t.http().get(`/v1/${res}/${key().toUpperCase()}/writers`).set('Authorization', other.token);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(2);
    for (const w of r.body as Record<string, unknown>[]) {
      for (const k of Object.keys(w)) expect(['id', 'name', 'email', 'fullName']).toContain(k);
    }
    expect(JSON.stringify(r.body)).not.toMatch(/password|argon/i);

    const byName = await t.http().get(`${base}/writers/${user2.user.name}`).set('Authorization', other.token);
    expect(byName.status).toBe(200);
    expect(byName.body.name).toBe(user2.user.name);
    const byId = await t.http().get(`${base}/writers/${user2.user.id}`).set('Authorization', other.token);
    expect(byId.status).toBe(200);
    expect(byId.body.id).toBe(user2.user.id);
    expectErrorBody(await t.http().get(`${base}/writers/${other.user.name}`).set('Authorization', u.token), 404);
    expectErrorBody(await t.http().get(`/v1/${res}/NoSuch/writers/${u.user.name}`).set('Authorization', u.token), 404);
  });

  it('refuses a body that is not an array, and unknown users (nothing added)', async () => {
    expectErrorBody(await t.http().post(`${base}/writers`).set('Authorization', u.token).send({ name: u.user.name }), 400);
    expectErrorBody(await t.http().post(`${base}/writers`).set('Authorization', u.token).send([42]), 400);
    const r = await t.http().post(`${base}/writers`).set('Authorization', u.token).send([u.user.name, 'no-such-user-xyz']);
    const err = expectErrorBody(r, 400, 'ValidationError');
    expect(JSON.stringify(r.body)).toContain('no-such-user-xyz');
    expect(err.value).toBe('no-such-user-xyz');
    expect(await writerNames()).toEqual([]);
  });

  it('lets only writers change the writers of a protected record', async () => {
    await insertWriters(t, kind, rec.id, [u.user.id, user2.user.id]);
    expectErrorBody(await t.http().post(`${base}/writers`).set('Authorization', other.token).send([other.user.name]), 403, 'ForbiddenError');
    expectErrorBody(await t.http().delete(`${base}/writers`).set('Authorization', other.token), 403, 'ForbiddenError');
    // Permission is checked before the user lookup.
    expectErrorBody(await t.http().delete(`${base}/writers/no-such-user`).set('Authorization', other.token), 403, 'ForbiddenError');
    expectErrorBody(await t.http().delete(`/v1/${res}/NoSuchRecord/writers`).set('Authorization', other.token), 404);
    expect(await writerNames()).toEqual([u.user.name, user2.user.name].sort());

    expectErrorBody(await t.http().delete(`${base}/writers/no-such-user`).set('Authorization', u.token), 404);
    expectErrorBody(await t.http().delete(`${base}/writers/${other.user.name}`).set('Authorization', u.token), 404);
    expect(await t.http().delete(`${base}/writers/${user2.user.name}`).set('Authorization', u.token).then((r) => r.status)).toBe(204);
    expect(await writerNames()).toEqual([u.user.name]);
    const all = await t.http().delete(`${base}/writers`).set('Authorization', u.token);
    expect(all.status).toBe(204);
    expect(all.text).toBe('');
    expect(await writerNames()).toEqual([]);
  });

  it('refuses an admin who is not a writer unless ?override=admin, and the override from anyone else', async () => {
    await insertWriters(t, kind, rec.id, [u.user.id]);
    expectErrorBody(await t.http().post(`${base}/writers`).set('Authorization', admin).send([other.user.name]), 403, 'ForbiddenError');
    expectErrorBody(await t.http().post(`${base}/writers?override=admin`).set('Authorization', other.token).send([other.user.name]), 403);
    expectErrorBody(await t.http().post(`${base}/writers?override=admin`).set('Authorization', u.token).send([other.user.name]), 403);
    expect(await writerNames()).toEqual([u.user.name]);
    const r = await t.http().post(`${base}/writers?override=admin`).set('Authorization', admin).send([other.user.name]);
    expect(r.status).toBe(201);
    expect(await writerNames()).toEqual([u.user.name, other.user.name].sort());
  });

  it('ignores headers that claim privileges (SECURITY 15)', async () => {
    await insertWriters(t, kind, rec.id, [u.user.id]);
    const r = await t
      .http()
      .post(`${base}/writers?override=admin`)
      .set('Authorization', other.token)
      .set('IsAdmin', 'true')
      .set('UserName', u.user.name)
      .set('X-User-Id', u.user.id)
      .send([other.user.name]);
    expectErrorBody(r, 403, 'ForbiddenError');
    expectErrorBody(
      await t.http().delete(`${base}/writers`).set('Authorization', other.token).set('IsAdmin', 'true').set('UserName', u.user.name),
      403,
      'ForbiddenError',
    );
    expect(await writerNames()).toEqual([u.user.name]);
  });

  it('refuses the override from a non-admin even on an open record', async () => {
    expectErrorBody(await t.http().post(`${base}/writers?override=admin`).set('Authorization', other.token).send([other.user.name]), 403);
    expect(await writerNames()).toEqual([]);
  });

  it('compares names exactly, ignoring case: _ and % are not wildcards', async () => {
    if (kind === 'subject') {
      const s = await insertSubject(t, { name: 'Wild_card' });
      expect((await t.http().get(`/v1/subjects/wild_CARD/writers`).set('Authorization', u.token)).status).toBe(200);
      expectErrorBody(await t.http().get(`/v1/subjects/WildXcard/writers`).set('Authorization', u.token), 404);
      expectErrorBody(await t.http().get(`/v1/subjects/Wild%25/writers`).set('Authorization', u.token), 404);
      expect(s.id).toBeTruthy();
    } else {
      expectErrorBody(await t.http().get(`/v1/${res}/${rec.name.slice(0, -1)}_/writers`).set('Authorization', u.token), 404);
      expectErrorBody(await t.http().get(`/v1/${res}/${rec.name.slice(0, 3)}%25/writers`).set('Authorization', u.token), 404);
      expect((await t.http().get(`/v1/${res}/${rec.name.toLowerCase()}/writers`).set('Authorization', u.token)).status).toBe(200);
    }
  });
});

describe('WritersService (on the real database)', () => {
  const caller = (x: TestUser, isAdmin = false): AuthenticatedUser => ({
    id: x.user.id,
    name: x.user.name,
    email: x.user.email,
    profileName: isAdmin ? 'Admin' : 'RefocusUser',
    isAdmin,
    tokenId: 'n/a',
    tokenKind: 'user',
    tokenBoundId: null,
  });
  let service: WritersService;
  beforeAll(() => {
    service = t.app.get(WritersService);
  });

  it('answers a sample with its aspect (the Sample→Aspect delegation)', async () => {
    const s = await insertSubject(t);
    const a = await insertAspect(t);
    await insertSample(t, s.id, a.id);
    await insertWriters(t, 'aspect', a.id, [u.user.id]);
    const target = await service.resolve(ResourceKind.Sample, `${s.path.toLowerCase()}|${a.name.toUpperCase()}`);
    expect(target).toEqual({ id: a.id, name: a.name, writerIds: [u.user.id] });
    expect(() => service.assertTarget(ResourceKind.Sample, target, caller(other), false)).toThrow(UpdateDeleteForbiddenError);
    expect(() => service.assertTarget(ResourceKind.Sample, target, caller(u), false)).not.toThrow();
    await expect(service.assertCanWrite(ResourceKind.Sample, a.id, caller(other), false)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.assertCanWrite(ResourceKind.Sample, a.id, caller(u), false)).resolves.toBeUndefined();
  });

  it('answers 404 for bad or unknown sample names', async () => {
    const s = await insertSubject(t);
    const a = await insertAspect(t);
    for (const name of [`${s.path}`, `${s.path}|${a.name}|x`, `|${a.name}`, `${s.path}|${a.name}`]) {
      await expect(service.resolve(ResourceKind.Sample, name)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(service.resolve(ResourceKind.Sample, 'a|b|c')).rejects.toMatchObject({
      items: [expect.objectContaining({ message: 'Invalid sample name' })],
    });
  });

  it('finds the writable aspects of a batch in one call', async () => {
    const open = await insertAspect(t);
    const mine = await insertAspect(t);
    const theirs = await insertAspect(t);
    await insertWriters(t, 'aspect', mine.id, [u.user.id]);
    await insertWriters(t, 'aspect', theirs.id, [user2.user.id]);
    const ids = [open.id, mine.id, theirs.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'];
    expect([...(await service.writableAspectIds(caller(u), ids, false))].sort()).toEqual([open.id, mine.id].sort());
    expect([...(await service.writableAspectIds(caller(other), ids, false))]).toEqual([open.id]);
    expect([...(await service.writableAspectIds(caller(other, true), ids, false))]).toEqual([open.id]);
    expect([...(await service.writableAspectIds(caller(other, true), ids, true))].sort()).toEqual([open.id, mine.id, theirs.id].sort());
    await expect(service.writableAspectIds(caller(u), ids, true)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await service.writableAspectIds(caller(u), [], false)).size).toBe(0);
  });

  it('checks every subject of a subtree, and only that subtree', async () => {
    const root = await insertSubject(t, { name: 'Tree_1' });
    const child = await insertSubject(t, { name: 'Child', parent: root });
    const grandchild = await insertSubject(t, { name: 'Leaf', parent: child });
    const lookalike = await insertSubject(t, { name: 'TreeX1' }); // `_` must not match X
    const sibling = await insertSubject(t, { name: 'Tree_1x' }); // prefix without the dot
    await insertWriters(t, 'subject', lookalike.id, [user2.user.id]);
    await insertWriters(t, 'subject', sibling.id, [user2.user.id]);
    await expect(service.assertCanWriteSubtree(root, caller(u), false)).resolves.toBeUndefined();

    await insertWriters(t, 'subject', grandchild.id, [user2.user.id]);
    await expect(service.assertCanWriteSubtree(root, caller(u), false)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.assertCanWriteSubtree(root, caller(user2), false)).resolves.toBeUndefined();
    await expect(service.assertCanWriteSubtree(root, caller(other, true), false)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.assertCanWriteSubtree(root, caller(other, true), true)).resolves.toBeUndefined();
    await expect(service.assertCanWriteSubtree(root, caller(user2), true)).rejects.toBeInstanceOf(ForbiddenError);
    // The root counts too, and a subtree is only what lies under its own root.
    await insertWriters(t, 'subject', root.id, [u.user.id]);
    await expect(service.assertCanWriteSubtree(child, caller(user2), false)).resolves.toBeUndefined();
    await expect(service.assertCanWriteSubtree(root, caller(user2), false)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
