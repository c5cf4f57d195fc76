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

const auth = (token = u.token) => ({ Authorization: token });
const create = async (body: Record<string, unknown>) => (await t.http().post('/v1/subjects').set(auth()).send(body).expect(201)).body as { id: string; absolutePath: string };
const patch = (key: string, body: unknown, token = u.token) => t.http().patch(`/v1/subjects/${key}`).set(auth(token)).send(body as object);
const put = (key: string, body: unknown, token = u.token) => t.http().put(`/v1/subjects/${key}`).set(auth(token)).send(body as object);

async function addSample(subjectId: string, aspectName: string): Promise<void> {
  const a: { id: string }[] = await t.dataSource.query(
    `INSERT INTO aspects (name, timeout, is_published) VALUES ($1, '1m', true)
     ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [aspectName],
  );
  await t.dataSource.query(`INSERT INTO samples (subject_id, aspect_id, value, status) VALUES ($1, $2, '1', 'OK')`, [subjectId, a[0].id]);
}

const sampleNames = async (): Promise<string[]> =>
  ((await t.dataSource.query(
    `SELECT s.absolute_path || '|' || a.name AS name FROM samples sm JOIN subjects s ON s.id = sm.subject_id JOIN aspects a ON a.id = sm.aspect_id ORDER BY 1`,
  )) as { name: string }[]).map((r) => r.name);

describe('re-parenting (§12 item 38)', () => {
  let a: { id: string }, b: { id: string }, c: { id: string };
  beforeAll(async () => {
    a = await create({ name: 'MA' });
    b = await create({ name: 'MB' });
    c = await create({ name: 'MC', parentId: a.id });
    await create({ name: 'Taken', parentId: b.id });
    await create({ name: 'Taken', parentId: a.id });
  });

  it('refuses disagreeing parents, self-parenting, unknown parents, taken paths, cycles', async () => {
    expectErrorBody(await patch('MA.MC', { parentId: a.id, parentAbsolutePath: 'MB' }), 400, 'ParentSubjectNotMatch');
    expectErrorBody(await patch('MA.MC', { parentId: c.id }), 400, 'IllegalSelfParenting');
    expectErrorBody(await patch('MA.MC', { parentAbsolutePath: 'ma.mc' }), 400, 'IllegalSelfParenting');
    expectErrorBody(await patch('MA', { parentAbsolutePath: 'MA.MC' }), 400, 'IllegalSelfParenting');
    expectErrorBody(await patch('MA.MC', { parentAbsolutePath: 'Nope' }), 400, 'ParentSubjectNotFound');
    expectErrorBody(await patch('MA.Taken', { parentId: b.id }), 400, 'SubjectAlreadyExistsUnderParent');
    expectErrorBody(await patch('MA.MC', { name: 'taken' }), 409, 'DuplicateResourceError');
    expectErrorBody(await patch('MA.MC', { absolutePath: 'X' }), 400);
    expectErrorBody(await patch('MA.MC', { childCount: 3 }), 400);
  });

  it('moves by parentId or lower-case parentAbsolutePath, rewriting descendants and keeping samples', async () => {
    const g = await create({ name: 'G', parentId: c.id });
    const gg = await create({ name: 'GG', parentId: g.id });
    await addSample(c.id, 'AspM');
    await addSample(gg.id, 'AspM');
    const moved = await patch('MA.MC', { parentAbsolutePath: 'mb' }).expect(200);
    expect(moved.body).toMatchObject({ absolutePath: 'MB.MC', parentAbsolutePath: 'MB', parentId: b.id });
    expect((await t.http().get('/v1/subjects/MB.MC.G.GG').set(auth()).expect(200)).body).toMatchObject({ id: gg.id, parentAbsolutePath: 'MB.MC.G', hierarchyLevel: 4 });
    expect(await sampleNames()).toEqual(['MB.MC.G.GG|AspM', 'MB.MC|AspM']);
    expect((await t.http().get('/v1/subjects/MA').set(auth()).expect(200)).body.childCount).toBe(1);
    expect((await t.http().get('/v1/subjects/MB').set(auth()).expect(200)).body.childCount).toBe(2);
    const back = await patch(c.id, { parentId: a.id, name: 'MC2' }).expect(200);
    expect(back.body).toMatchObject({ absolutePath: 'MA.MC2', parentId: a.id, parentAbsolutePath: 'MA' });
    expect(await sampleNames()).toEqual(['MA.MC2.G.GG|AspM', 'MA.MC2|AspM']);
    // a case-only rename of a root rewrites the whole subtree
    await patch('ma', { name: 'Ma' }).expect(200);
    expect(await sampleNames()).toEqual(['Ma.MC2.G.GG|AspM', 'Ma.MC2|AspM']);
  });

  it('PATCH keeps the parent; PUT without a parent makes a root and resets fields', async () => {
    const k = await create({ name: 'KP', parentId: b.id, description: 'd', tags: ['t1'] });
    const p = await patch(k.id, { description: 'e', tags: ['t2'] }).expect(200);
    expect(p.body).toMatchObject({ absolutePath: 'MB.KP', description: 'e', tags: ['t1', 't2'] });
    const r = await put(k.id, { name: 'KP' }).expect(200);
    expect(r.body).toMatchObject({ absolutePath: 'KP', parentId: null, parentAbsolutePath: '', tags: [], hierarchyLevel: 1 });
    expect(r.body).not.toHaveProperty('description');
    expectErrorBody(await put(k.id, { description: 'x' }), 400);
  });
});

describe('publishing rules', () => {
  it('no published child under an unpublished parent; no unpublishing above a published child', async () => {
    const p = await create({ name: 'PubP' });
    const c = await create({ name: 'C', parentId: p.id });
    expectErrorBody(await patch(c.id, { isPublished: true }), 400, 'ValidationError');
    await patch(p.id, { isPublished: true }).expect(200);
    await patch(c.id, { isPublished: true }).expect(200);
    const e = expectErrorBody(await patch(p.id, { isPublished: false }), 400, 'ValidationError');
    expect(e.message).toBe('You cannot unpublish this subject until all its descendants are unpublished.');
    const q = await create({ name: 'PubQ' });
    expectErrorBody(await patch(c.id, { parentId: q.id }), 400, 'ValidationError');
    await patch(c.id, { isPublished: false }).expect(200);
    await patch(p.id, { isPublished: false }).expect(200);
  });
});

describe('owner (§12 item 28)', () => {
  it('defaults to the creator, can be set at creation, changes only by the owner or an admin with override', async () => {
    expect((await t.http().post('/v1/subjects').set(auth()).send({ name: 'Own1', owner: u2.user.name }).expect(201)).body.owner.name).toBe(u2.user.name);
    const e = expectErrorBody(await t.http().post('/v1/subjects').set(auth()).send({ name: 'Own2', owner: 'ghost' }), 400, 'ValidationError');
    expect(e.message).toBe('Attempted to set the owner to a nonexistent user.');
    const s = await create({ name: 'Own3' });
    expectErrorBody(await patch(s.id, { owner: other.user.name }, other.token), 403, 'ForbiddenError');
    expectErrorBody(await t.http().patch(`/v1/subjects/${s.id}?override=admin`).set(auth(other.token)).send({ owner: other.user.name }), 403);
    expectErrorBody(await patch(s.id, { owner: other.user.name }, admin), 403);
    expect((await patch(s.id, { owner: u2.user.name }).expect(200)).body.owner.name).toBe(u2.user.name);
    const byAdmin = await t.http().patch(`/v1/subjects/${s.id}?override=admin`).set(auth(admin)).send({ owner: other.user.id }).expect(200);
    expect(byAdmin.body.owner.name).toBe(other.user.name);
    // PUT keeps the owner
    expect((await put(s.id, { name: 'Own3' }).expect(200)).body.owner.name).toBe(other.user.name);
  });
});

describe('writers on subject routes', () => {
  it('a non-writer cannot PUT, PATCH, DELETE or delete tags and links', async () => {
    const s = await create({ name: 'WS', tags: ['tag0'], relatedLinks: [{ name: 'rl', url: 'https://x' }] });
    await t.http().post(`/v1/subjects/${s.id}/writers`).set(auth()).send([u.user.name]).expect(201);
    expectErrorBody(await put('WS', { name: 'WS' }, other.token), 403, 'ForbiddenError');
    expectErrorBody(await patch('WS', { description: 'x' }, other.token), 403, 'ForbiddenError');
    expectErrorBody(await t.http().delete('/v1/subjects/WS').set(auth(other.token)), 403);
    expectErrorBody(await t.http().delete('/v1/subjects/WS/tags/tag0').set(auth(other.token)), 403);
    expectErrorBody(await t.http().delete('/v1/subjects/WS/relatedLinks').set(auth(other.token)), 403);
    await patch('WS', { description: 'x' }, admin).expect(403);
    await t.http().patch('/v1/subjects/WS?override=admin').set(auth(admin)).send({ description: 'x' }).expect(200);
    expectErrorBody(await patch('nope', { description: 'x' }, other.token), 404);
  });
});

describe('a write-protected parent takes new children from its writers only', () => {
  it('refuses a non-writer creating or moving a subject under it, and allows its writer', async () => {
    const p = await create({ name: 'Guarded' });
    await t.http().post(`/v1/subjects/${p.id}/writers`).set(auth()).send([u.user.name]).expect(201);
    const loose = await create({ name: 'Loose' });
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM subjects WHERE parent_id = $1`, [p.id]))[0].n;

    expectErrorBody(await t.http().post('/v1/subjects').set(auth(other.token)).send({ name: 'K1', parentId: p.id }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().post('/v1/subjects').set(auth(other.token)).send({ name: 'K2', parentAbsolutePath: 'guarded' }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().post('/v1/subjects/Guarded/child').set(auth(other.token)).send({ name: 'K3' }), 403, 'ForbiddenError');
    expectErrorBody(await patch(loose.id, { parentId: p.id }, other.token), 403, 'ForbiddenError');
    expectErrorBody(await t.http().post('/v1/subjects').set(auth(admin)).send({ name: 'K4', parentId: p.id }), 403);
    expect(await count()).toBe(0);
    expect((await t.http().get(`/v1/subjects/${loose.id}`).set(auth())).body.parentId).toBeNull();

    await t.http().post('/v1/subjects').set(auth()).send({ name: 'K5', parentId: p.id }).expect(201);
    await t.http().post('/v1/subjects/Guarded/child').set(auth()).send({ name: 'K6' }).expect(201);
    await t.http().post('/v1/subjects?override=admin').set(auth(admin)).send({ name: 'K7', parentId: p.id }).expect(201);
    await patch(loose.id, { parentId: p.id }).expect(200);
    expect(await count()).toBe(4);
  });
});

describe('concurrent writes', () => {
  it('moves, renames and creates running together leave every path consistent with its parent', async () => {
    const r = await create({ name: 'ConcR' });
    const c = await create({ name: 'C', parentId: r.id });
    const other = await create({ name: 'ConcO' });
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      ops.push(t.http().post('/v1/subjects').set(auth()).send({ name: `K${i}`, parentId: c.id }));
      ops.push(patch(r.id, { name: `ConcR${i}` }));
      ops.push(patch(c.id, { parentId: i % 2 ? r.id : other.id }));
    }
    const results = (await Promise.all(ops)) as { status: number }[];
    expect(results.every((res) => res.status < 500)).toBe(true);
    const bad: unknown[] = await t.dataSource.query(
      `SELECT s.absolute_path FROM subjects s LEFT JOIN subjects p ON p.id = s.parent_id
       WHERE s.absolute_path <> CASE WHEN p.id IS NULL THEN s.name ELSE p.absolute_path || '.' || s.name END`,
    );
    expect(bad).toEqual([]);
    const kids: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM subjects WHERE parent_id = $1`, [c.id]);
    expect(kids[0].n).toBe(12);
  });
});

describe('path length', () => {
  it('a path over 4096 characters (directly or for a descendant after a rename) → 400, nothing written', async () => {
    let parent = await create({ name: 'L'.repeat(60) });
    for (let i = 0; i < 66; i++) parent = await create({ name: `${i}`.padStart(60, 'x'), parentId: parent.id });
    expect(parent.absolutePath.length).toBe(67 * 61 - 1);
    const tooDeep = await t.http().post('/v1/subjects').set(auth()).send({ name: 'y'.repeat(60), parentId: parent.id });
    expectErrorBody(tooDeep, 400, 'ValidationError');
    const leaf = await create({ name: 'short', parentId: parent.id });
    const rename = await patch(leaf.id, { name: 'z'.repeat(60) });
    expectErrorBody(rename, 400, 'ValidationError');
    expect((await t.http().get(`/v1/subjects/${leaf.id}`).set(auth()).expect(200)).body.name).toBe('short');
  });
});
