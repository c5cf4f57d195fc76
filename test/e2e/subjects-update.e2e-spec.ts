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

const create = async (body: Record<string, unknown>) => (await api(t).as(u).post('/v1/subjects', body).expect(201)).body as { id: string; absolutePath: string };

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

describe('re-parenting (REFOCUS-REFERENCE.md §12 item 38)', () => {
  let a: { id: string }, b: { id: string }, c: { id: string };
  beforeAll(async () => {
    a = await create({ name: 'MA' });
    b = await create({ name: 'MB' });
    c = await create({ name: 'MC', parentId: a.id });
    await create({ name: 'Taken', parentId: b.id });
    await create({ name: 'Taken', parentId: a.id });
  });

  it('refuses disagreeing parents, self-parenting, unknown parents, taken paths, cycles', async () => {
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { parentId: a.id, parentAbsolutePath: 'MB' }), 400, 'ParentSubjectNotMatch');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { parentId: c.id }), 400, 'IllegalSelfParenting');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { parentAbsolutePath: 'ma.mc' }), 400, 'IllegalSelfParenting');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA', { parentAbsolutePath: 'MA.MC' }), 400, 'IllegalSelfParenting');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { parentAbsolutePath: 'Nope' }), 400, 'ParentSubjectNotFound');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.Taken', { parentId: b.id }), 400, 'SubjectAlreadyExistsUnderParent');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { name: 'taken' }), 409, 'DuplicateResourceError');
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { absolutePath: 'X' }), 400);
    expectErrorBody(await api(t).as(u).patch('/v1/subjects/MA.MC', { childCount: 3 }), 400);
  });

  it('moves by parentId or lower-case parentAbsolutePath, rewriting descendants and keeping samples', async () => {
    const g = await create({ name: 'G', parentId: c.id });
    const gg = await create({ name: 'GG', parentId: g.id });
    await addSample(c.id, 'AspM');
    await addSample(gg.id, 'AspM');
    const moved = await api(t).as(u).patch('/v1/subjects/MA.MC', { parentAbsolutePath: 'mb' }).expect(200);
    expect(moved.body).toMatchObject({ absolutePath: 'MB.MC', parentAbsolutePath: 'MB', parentId: b.id });
    expect((await api(t).as(u).get('/v1/subjects/MB.MC.G.GG').expect(200)).body).toMatchObject({ id: gg.id, parentAbsolutePath: 'MB.MC.G', hierarchyLevel: 4 });
    expect(await sampleNames()).toEqual(['MB.MC.G.GG|AspM', 'MB.MC|AspM']);
    expect((await api(t).as(u).get('/v1/subjects/MA').expect(200)).body.childCount).toBe(1);
    expect((await api(t).as(u).get('/v1/subjects/MB').expect(200)).body.childCount).toBe(2);
    const back = await api(t).as(u).patch(`/v1/subjects/${c.id}`, { parentId: a.id, name: 'MC2' }).expect(200);
    expect(back.body).toMatchObject({ absolutePath: 'MA.MC2', parentId: a.id, parentAbsolutePath: 'MA' });
    expect(await sampleNames()).toEqual(['MA.MC2.G.GG|AspM', 'MA.MC2|AspM']);
    // a case-only rename of a root rewrites the whole subtree
    await api(t).as(u).patch('/v1/subjects/ma', { name: 'Ma' }).expect(200);
    expect(await sampleNames()).toEqual(['Ma.MC2.G.GG|AspM', 'Ma.MC2|AspM']);
  });

  it('PATCH keeps the parent; PUT without a parent makes a root and resets fields', async () => {
    const k = await create({ name: 'KP', parentId: b.id, description: 'd', tags: ['t1'] });
    const p = await api(t).as(u).patch(`/v1/subjects/${k.id}`, { description: 'e', tags: ['t2'] }).expect(200);
    expect(p.body).toMatchObject({ absolutePath: 'MB.KP', description: 'e', tags: ['t1', 't2'] });
    const r = await api(t).as(u).put(`/v1/subjects/${k.id}`, { name: 'KP' }).expect(200);
    expect(r.body).toMatchObject({ absolutePath: 'KP', parentId: null, parentAbsolutePath: '', tags: [], hierarchyLevel: 1 });
    expect(r.body).not.toHaveProperty('description');
    expectErrorBody(await api(t).as(u).put(`/v1/subjects/${k.id}`, { description: 'x' }), 400);
  });
});

describe('publishing rules', () => {
  it('no published child under an unpublished parent; no unpublishing above a published child', async () => {
    const p = await create({ name: 'PubP' });
    const c = await create({ name: 'C', parentId: p.id });
    expectErrorBody(await api(t).as(u).patch(`/v1/subjects/${c.id}`, { isPublished: true }), 400, 'ValidationError');
    await api(t).as(u).patch(`/v1/subjects/${p.id}`, { isPublished: true }).expect(200);
    await api(t).as(u).patch(`/v1/subjects/${c.id}`, { isPublished: true }).expect(200);
    const e = expectErrorBody(await api(t).as(u).patch(`/v1/subjects/${p.id}`, { isPublished: false }), 400, 'ValidationError');
    expect(e.message).toBe('You cannot unpublish this subject until all its descendants are unpublished.');
    const q = await create({ name: 'PubQ' });
    expectErrorBody(await api(t).as(u).patch(`/v1/subjects/${c.id}`, { parentId: q.id }), 400, 'ValidationError');
    await api(t).as(u).patch(`/v1/subjects/${c.id}`, { isPublished: false }).expect(200);
    await api(t).as(u).patch(`/v1/subjects/${p.id}`, { isPublished: false }).expect(200);
  });
});

describe('owner (REFOCUS-REFERENCE.md §12 item 28)', () => {
  it('defaults to the creator, can be set at creation, changes only by the owner or an admin with override', async () => {
    expect((await api(t).as(u).post('/v1/subjects', { name: 'Own1', owner: u2.user.name }).expect(201)).body.owner.name).toBe(u2.user.name);
    const e = expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'Own2', owner: 'ghost' }), 400, 'ValidationError');
    expect(e.message).toBe('Attempted to set the owner to a nonexistent user.');
    const s = await create({ name: 'Own3' });
    expectErrorBody(await api(t).as(other.token).patch(`/v1/subjects/${s.id}`, { owner: other.user.name }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).patch(`/v1/subjects/${s.id}?override=admin`, { owner: other.user.name }), 403);
    expectErrorBody(await api(t).as(admin).patch(`/v1/subjects/${s.id}`, { owner: other.user.name }), 403);
    expect((await api(t).as(u).patch(`/v1/subjects/${s.id}`, { owner: u2.user.name }).expect(200)).body.owner.name).toBe(u2.user.name);
    const byAdmin = await api(t).as(admin).patch(`/v1/subjects/${s.id}?override=admin`, { owner: other.user.id }).expect(200);
    expect(byAdmin.body.owner.name).toBe(other.user.name);
    // PUT keeps the owner
    expect((await api(t).as(u).put(`/v1/subjects/${s.id}`, { name: 'Own3' }).expect(200)).body.owner.name).toBe(other.user.name);
  });
});

describe('writers on subject routes', () => {
  it('a non-writer cannot PUT, PATCH, DELETE or delete tags and links', async () => {
    const s = await create({ name: 'WS', tags: ['tag0'], relatedLinks: [{ name: 'rl', url: 'https://x' }] });
    await api(t).as(u).post(`/v1/subjects/${s.id}/writers`, [u.user.name]).expect(201);
    expectErrorBody(await api(t).as(other.token).put('/v1/subjects/WS', { name: 'WS' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).patch('/v1/subjects/WS', { description: 'x' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).delete('/v1/subjects/WS'), 403);
    expectErrorBody(await api(t).as(other.token).delete('/v1/subjects/WS/tags/tag0'), 403);
    expectErrorBody(await api(t).as(other.token).delete('/v1/subjects/WS/relatedLinks'), 403);
    await api(t).as(admin).patch('/v1/subjects/WS', { description: 'x' }).expect(403);
    await api(t).as(admin).patch('/v1/subjects/WS?override=admin', { description: 'x' }).expect(200);
    expectErrorBody(await api(t).as(other.token).patch('/v1/subjects/nope', { description: 'x' }), 404);
  });
});

describe('a write-protected parent takes new children from its writers only', () => {
  it('refuses a non-writer creating or moving a subject under it, and allows its writer', async () => {
    const p = await create({ name: 'Guarded' });
    await api(t).as(u).post(`/v1/subjects/${p.id}/writers`, [u.user.name]).expect(201);
    const loose = await create({ name: 'Loose' });
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM subjects WHERE parent_id = $1`, [p.id]))[0].n;

    expectErrorBody(await api(t).as(other.token).post('/v1/subjects', { name: 'K1', parentId: p.id }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).post('/v1/subjects', { name: 'K2', parentAbsolutePath: 'guarded' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).post('/v1/subjects/Guarded/child', { name: 'K3' }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(other.token).patch(`/v1/subjects/${loose.id}`, { parentId: p.id }), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(admin).post('/v1/subjects', { name: 'K4', parentId: p.id }), 403);
    expect(await count()).toBe(0);
    expect((await api(t).as(u).get(`/v1/subjects/${loose.id}`)).body.parentId).toBeNull();

    await api(t).as(u).post('/v1/subjects', { name: 'K5', parentId: p.id }).expect(201);
    await api(t).as(u).post('/v1/subjects/Guarded/child', { name: 'K6' }).expect(201);
    await api(t).as(admin).post('/v1/subjects?override=admin', { name: 'K7', parentId: p.id }).expect(201);
    await api(t).as(u).patch(`/v1/subjects/${loose.id}`, { parentId: p.id }).expect(200);
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
      ops.push(api(t).as(u).post('/v1/subjects', { name: `K${i}`, parentId: c.id }));
      ops.push(api(t).as(u).patch(`/v1/subjects/${r.id}`, { name: `ConcR${i}` }));
      ops.push(api(t).as(u).patch(`/v1/subjects/${c.id}`, { parentId: i % 2 ? r.id : other.id }));
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
    const tooDeep = await api(t).as(u).post('/v1/subjects', { name: 'y'.repeat(60), parentId: parent.id });
    expectErrorBody(tooDeep, 400, 'ValidationError');
    const leaf = await create({ name: 'short', parentId: parent.id });
    const rename = await api(t).as(u).patch(`/v1/subjects/${leaf.id}`, { name: 'z'.repeat(60) });
    expectErrorBody(rename, 400, 'ValidationError');
    expect((await api(t).as(u).get(`/v1/subjects/${leaf.id}`).expect(200)).body.name).toBe('short');
  });
});
