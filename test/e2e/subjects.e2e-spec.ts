import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { createUserWithToken, TestUser } from '../support/identity';

let t: TestApp;
let u: TestUser;
let other: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  u = await createUserWithToken(t);
  other = await createUserWithToken(t);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /v1/subjects', () => {
  it('creates a root with parentAbsolutePath "" and parentId null, user and owner embedded, apiLinks', async () => {
    const res = await api(t).as(u).post('/v1/subjects', { name: 'Root31', isPublished: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Root31', absolutePath: 'Root31', parentAbsolutePath: '', parentId: null, childCount: 0, hierarchyLevel: 1, tags: [], relatedLinks: [], sortBy: '' });
    expect(res.body.user).toEqual({ id: u.user.id, name: u.user.name, email: u.user.email });
    expect(res.body.owner.name).toBe(u.user.name);
    expect(res.body).not.toHaveProperty('description');
    expect(res.body.apiLinks.map((l: { method: string }) => l.method).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
    expect(res.body.apiLinks.find((l: { method: string }) => l.method === 'GET').href).toBe(`/v1/subjects/${res.body.id}`);
  });

  it('a duplicate absolutePath in any case → 409 DuplicateResourceError', async () => {
    await api(t).as(u).post('/v1/subjects', { name: 'Dup31' }).expect(201);
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'Dup31' }), 409, 'DuplicateResourceError');
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'dUP31' }), 409, 'DuplicateResourceError');
  });

  it('creates children by parentAbsolutePath (any case), parentId and /{key}/child', async () => {
    const a = await api(t).as(u).post('/v1/subjects', { name: 'Par32', isPublished: true }).expect(201);
    const b = await api(t).as(u).post('/v1/subjects', { name: 'Kid', parentAbsolutePath: 'par32' }).expect(201);
    expect(b.body).toMatchObject({ absolutePath: 'Par32.Kid', parentAbsolutePath: 'Par32', parentId: a.body.id, hierarchyLevel: 2 });
    const c = await api(t).as(u).post('/v1/subjects', { name: 'Kid2', parentId: a.body.id }).expect(201);
    expect(c.body.absolutePath).toBe('Par32.Kid2');
    const d = await api(t).as(u).post('/v1/subjects/PAR32.KID/child', { name: 'Grand' }).expect(201);
    expect(d.body).toMatchObject({ absolutePath: 'Par32.Kid.Grand', parentId: b.body.id, hierarchyLevel: 3 });
    expect((await api(t).as(u).get('/v1/subjects/Par32').expect(200)).body.childCount).toBe(2);
    // the same name under another parent is fine
    await api(t).as(u).post('/v1/subjects', { name: 'Kid', parentAbsolutePath: 'Par32.Kid2' }).expect(201);
  });

  it('rejects bad parents, read-only fields, missing or bad names; refuses unknown fields', async () => {
    for (const parentId of ['', null, 'not-a-uuid']) {
      const e = expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'P33', parentId }), 400);
      expect(JSON.stringify(e)).toContain('parentId');
    }
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'P33', parentAbsolutePath: 'Nowhere' }), 400, 'ParentSubjectNotFound');
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'P33', parentId: '0f8fad5b-d9cb-469f-a165-70867728950e' }), 400, 'ParentSubjectNotFound');
    for (const f of ['absolutePath', 'hierarchyLevel', 'childCount', 'id', 'createdBy', 'writers', 'status']) {
      const e = expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'P33', [f]: f === 'id' ? '0f8fad5b-d9cb-469f-a165-70867728950e' : 1 }), 400);
      expect(e.description).toBe(`You cannot modify the read-only field: ${f}`);
    }
    expect(expectErrorBody(await api(t).as(u).post('/v1/subjects', {}), 400, 'SCHEMA_VALIDATION_FAILED').message).toBe('Missing required property: name');
    for (const name of ['a.b', 'a b', 'x'.repeat(61), 'a|b']) expectErrorBody(await api(t).as(u).post('/v1/subjects', { name }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/subjects').set('Content-Type', 'text/plain').send('hello'), 400);
    // unknown fields are refused, naming them (issue 17); without them the same body is created
    expect((await api(t).as(u).post('/v1/subjects', { name: 'Extra33', whatever: 'x' }).expect(400)).body.errors[0].source).toBe('whatever');
    const ok = await api(t).as(u).post('/v1/subjects', { name: 'Extra33' }).expect(201);
    expect(ok.body).not.toHaveProperty('whatever');
    const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM subjects WHERE lower(name) = 'p33'`);
    expect(rows).toHaveLength(0);
  });

  it('validates tags, sortBy, related links and geolocation', async () => {
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'T34', tags: ['-na'] }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'T34', tags: ['___na', '___NA'] }), 400, 'DuplicateFieldError');
    expect((await api(t).as(u).post('/v1/subjects', { name: 'T34a', tags: [] }).expect(201)).body.tags).toEqual([]);
    expect((await api(t).as(u).post('/v1/subjects', { name: 'T34b', sortBy: '_1' }).expect(201)).body.sortBy).toBe('_1');
    const e = expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'T34', sortBy: 'a b' }), 400);
    expect(JSON.stringify(e)).toContain('sortBy');
    const links = [{ name: 'x', url: 'https://a' }, { name: 'x', url: 'https://b' }];
    expect(expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'T34', relatedLinks: links }), 400).message).toContain('Name of the relatedlinks should be unique');
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'T34', geolocation: [1] }), 400);
    expect((await api(t).as(u).post('/v1/subjects', { name: 'T34c', geolocation: [1.5, 2], helpEmail: '' }).expect(201)).body.geolocation).toEqual([1.5, 2]);
  });

  it('refuses a published child under an unpublished parent', async () => {
    await api(t).as(u).post('/v1/subjects', { name: 'Unpub', isPublished: false }).expect(201);
    expectErrorBody(await api(t).as(u).post('/v1/subjects', { name: 'C', parentAbsolutePath: 'Unpub', isPublished: true }), 400, 'ValidationError');
  });
});

describe('GET /v1/subjects', () => {
  beforeAll(async () => {
    await api(t).as(u).post('/v1/subjects', { name: 'L35_US', tags: ['US'] }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'L35_NE', tags: ['NE'] }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'L35_Both', tags: ['NE', 'US'] }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'L35_None' }).expect(201);
  });
  const names = (res: { body: { name: string }[] }) => res.body.map((s) => s.name).sort();

  it('filters tags all-of / none-of; duplicates → DuplicateFieldError; mixing → 400', async () => {
    expectErrorBody(await api(t).as(u).get('/v1/subjects?tags=US,US'), 400, 'DuplicateFieldError');
    expectErrorBody(await api(t).as(u).get('/v1/subjects?tags=-US,-us'), 400, 'DuplicateFieldError');
    expectErrorBody(await api(t).as(u).get('/v1/subjects?tags=US,-NE'), 400);
    expect(names(await api(t).as(u).get('/v1/subjects?name=L35*&tags=US').expect(200))).toEqual(['L35_Both', 'L35_US']);
    expect(names(await api(t).as(u).get('/v1/subjects?name=L35*&tags=NE,US').expect(200))).toEqual(['L35_Both']);
    expect(names(await api(t).as(u).get('/v1/subjects?name=L35*&tags=-US,-NE').expect(200))).toEqual(['L35_None']);
  });

  it('sorts, limits fields, counts, paginates, filters with wildcards and literal _', async () => {
    const sorted = await api(t).as(u).get('/v1/subjects?name=L35*&sort=-name').expect(200);
    expect(sorted.body.map((s: { name: string }) => s.name)).toEqual(['L35_US', 'L35_None', 'L35_NE', 'L35_Both']);
    expect(sorted.headers['x-total-count']).toBe('4');
    const fields = await api(t).as(u).get('/v1/subjects?name=L35_US&fields=isPublished,name,sortBy').expect(200);
    expect(Object.keys(fields.body[0]).sort()).toEqual(['apiLinks', 'id', 'isPublished', 'name', 'sortBy']);
    const page = await api(t).as(u).get('/v1/subjects?name=L35*&limit=2&offset=1').expect(200);
    expect(page.body).toHaveLength(2);
    expect(page.headers['x-total-count']).toBe('4');
    expect(page.headers.link).toContain('offset=3');
    expect(names(await api(t).as(u).get('/v1/subjects?name=l35_us,L35_ne').expect(200))).toEqual(['L35_NE', 'L35_US']);
    expect(await api(t).as(u).get('/v1/subjects?name=L35%25').expect(200)).toHaveProperty('body', []);
    expectErrorBody(await api(t).as(u).get('/v1/subjects?sort=bogus'), 400);
    expectErrorBody(await api(t).as(u).get('/v1/subjects?fields=bogus'), 400);
    expectErrorBody(await api(t).as(u).get('/v1/subjects?isPublished=maybe'), 400);
    expect((await api(t).as(u).get('/v1/subjects?name=L35*&createdAt=-1d').expect(200)).body).toHaveLength(4);
  });

  it('filters and sorts on the computed fields: parentAbsolutePath, parentId, hierarchyLevel, childCount', async () => {
    const top = await api(t).as(u).post('/v1/subjects', { name: 'L36' }).expect(201);
    const mid = await api(t).as(u).post('/v1/subjects', { name: 'Mid', parentAbsolutePath: 'L36' }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'Leaf1', parentAbsolutePath: 'L36.Mid' }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'Leaf2', parentAbsolutePath: 'L36.Mid' }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'Side', parentAbsolutePath: 'L36' }).expect(201);
    const paths = (res: { body: { absolutePath: string }[] }) => res.body.map((s) => s.absolutePath);
    expect(paths(await api(t).as(u).get('/v1/subjects?parentAbsolutePath=l36.mid').expect(200))).toEqual(['L36.Mid.Leaf1', 'L36.Mid.Leaf2']);
    expect(paths(await api(t).as(u).get(`/v1/subjects?parentId=${mid.body.id}&sort=-name`).expect(200))).toEqual(['L36.Mid.Leaf2', 'L36.Mid.Leaf1']);
    expect(paths(await api(t).as(u).get('/v1/subjects?absolutePath=L36*&hierarchyLevel=2').expect(200))).toEqual(['L36.Mid', 'L36.Side']);
    const byChildren = await api(t).as(u).get('/v1/subjects?absolutePath=L36*&sort=-childCount,hierarchyLevel').expect(200);
    expect(paths(byChildren)).toEqual(['L36', 'L36.Mid', 'L36.Side', 'L36.Mid.Leaf1', 'L36.Mid.Leaf2']);
    expect(byChildren.body.map((s: { childCount: number }) => s.childCount)).toEqual([2, 2, 0, 0, 0]);
    expect(byChildren.headers['x-total-count']).toBe('5');
    expect(paths(await api(t).as(u).get(`/v1/subjects?parentId=${top.body.id}&limit=1&offset=1`).expect(200))).toEqual(['L36.Side']);
  });

  it('gets by lower-cased absolutePath with the original casing; _ is not a wildcard', async () => {
    expect((await api(t).as(u).get('/v1/subjects/l35_us').expect(200)).body.name).toBe('L35_US');
    expectErrorBody(await api(t).as(u).get('/v1/subjects/L35xUS'), 404, 'ResourceNotFoundError');
    expectErrorBody(await api(t).as(u).get('/v1/subjects/0f8fad5b-d9cb-469f-a165-70867728950e'), 404);
  });
});

describe('DELETE /v1/subjects', () => {
  it('refuses a subject with children (403), deletes leaf to root by id or any-case path', async () => {
    const p = await api(t).as(u).post('/v1/subjects', { name: 'Del36' }).expect(201);
    const c = await api(t).as(u).post('/v1/subjects', { name: 'C', parentId: p.body.id }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'G', parentId: c.body.id }).expect(201);
    const r = await api(t).as(u).delete('/v1/subjects/Del36');
    expectErrorBody(r, 403, 'SubjectDeleteConstraintError');
    const g = await api(t).as(u).delete('/v1/subjects/del36.c.g').expect(200);
    expect(g.body.absolutePath).toBe('Del36.C.G');
    expect(g.body.apiLinks).toEqual([expect.objectContaining({ method: 'POST', href: '/v1/subjects' })]);
    await api(t).as(u).delete(`/v1/subjects/${c.body.id}`).expect(200);
    await api(t).as(u).delete('/v1/subjects/DEL36').expect(200);
    expectErrorBody(await api(t).as(u).get('/v1/subjects/Del36'), 404);
  });

  it('DELETE /{key}/hierarchy removes the subtree, checking writers of every subject', async () => {
    const p = await api(t).as(u).post('/v1/subjects', { name: 'DelH' }).expect(201);
    const c = await api(t).as(u).post('/v1/subjects', { name: 'C', parentId: p.body.id }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'G', parentId: c.body.id }).expect(201);
    await api(t).as(u).post('/v1/subjects', { name: 'DelHx' }).expect(201);
    await api(t).as(u).post('/v1/subjects/DelH.C.G/writers', [u.user.name]).expect(201);
    expectErrorBody(await api(t).as(other.token).delete('/v1/subjects/DelH/hierarchy'), 403, 'ForbiddenError');
    expect((await api(t).as(u).delete('/v1/subjects/DelH/hierarchy').expect(200)).body).toEqual({});
    const rows: { absolute_path: string }[] = await t.dataSource.query(`SELECT absolute_path FROM subjects WHERE absolute_path LIKE 'DelH%'`);
    expect(rows.map((r) => r.absolute_path)).toEqual(['DelHx']);
  });

  it('deletes tags and related links, all or one', async () => {
    const s = await api(t).as(u).post('/v1/subjects', { name: 'TagDel', tags: ['aa', 'bb', 'cc'], relatedLinks: [{ name: 'l1', url: 'https://1' }, { name: 'l2', url: 'https://2' }] }).expect(201);
    expect((await api(t).as(u).delete(`/v1/subjects/${s.body.id}/tags/BB`).expect(200)).body.tags).toEqual(['aa', 'cc']);
    expect((await api(t).as(u).delete('/v1/subjects/TagDel/tags').expect(200)).body.tags).toEqual([]);
    expect((await api(t).as(u).delete('/v1/subjects/TagDel/relatedLinks/l1').expect(200)).body.relatedLinks).toEqual([{ name: 'l2', url: 'https://2' }]);
    expect((await api(t).as(u).delete('/v1/subjects/TagDel/relatedLinks').expect(200)).body.relatedLinks).toEqual([]);
  });
});

describe('extreme list parameters', () => {
  it('answer 4xx or a capped result, never 5xx', async () => {
    for (const q of ['offset=99999999999999999999', 'createdAt=-999999999d', 'hierarchyLevel=99999999999999999999999', 'limit=99999999999999999999', 'parentId=x', 'tags=' + 'a,'.repeat(500) + 'b']) {
      const res = await api(t).as(u).get(`/v1/subjects?${q}`);
      expect(res.status).toBeLessThan(500);
    }
    expect((await api(t).as(u).get('/v1/subjects?createdAt=-999999999d').expect(200)).body.length).toBeGreaterThan(0);
  });
});
