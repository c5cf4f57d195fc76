import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { insertWriters } from '../support/records';
import { lensZip } from '../fixtures/zip';

let t: TestApp;
let u: TestUser;
let other: TestUser;
let third: TestUser;
let admin: string;
let lens: { id: string; name: string; version: string };
let lens2: { id: string; name: string };
let n = 0;

const uniq = (p = 'Persp'): string => `${p}${++n}x${Date.now() % 100000}`;

beforeAll(async () => {
  t = await createTestApp();
  u = await createUserWithToken(t);
  other = await createUserWithToken(t);
  third = await createUserWithToken(t);
  admin = await adminToken(t);
  const mk = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http().post('/v1/lenses').set('Authorization', u.token).field('isPublished', 'true')
      .attach('library', await lensZip({ name, version: '1.0', helpEmail: 'help@example.com', thumbnailUrl: 'https://example.com/t.png', ...extra }), { filename: 'l.zip', contentType: 'application/zip' });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; version: string };
  };
  lens = await mk('PerspLensA');
  lens2 = await mk('PerspLensB');
});

afterAll(async () => {
  await t?.close();
});

async function count(): Promise<number> {
  const rows: { c: number }[] = await t.dataSource.query('SELECT count(*)::int AS c FROM perspectives');
  return rows[0].c;
}

function post(body: Record<string, unknown>, token = u.token) {
  return t.http().post('/v1/perspectives').set('Authorization', token).send(body);
}

async function create(body: Record<string, unknown> = {}, token = u.token): Promise<Record<string, unknown>> {
  const res = await post({ name: uniq(), rootSubject: 'Root.Child', lensId: lens.id, ...body }, token);
  expect(res.status).toBe(201);
  return res.body as Record<string, unknown>;
}

const FILTER_DEFAULTS = {
  aspectFilter: [],
  aspectFilterType: 'EXCLUDE',
  aspectTagFilter: [],
  aspectTagFilterType: 'EXCLUDE',
  subjectTagFilter: [],
  subjectTagFilterType: 'EXCLUDE',
  statusFilter: [],
  statusFilterType: 'EXCLUDE',
};

describe('POST /v1/perspectives (REFOCUS-REFERENCE.md §4.6, §12 item 46)', () => {
  it('creates with defaults: EXCLUDE filter types, [] arrays; embeds the lens, hides lensId', async () => {
    const name = uniq();
    const res = await post({ name, rootSubject: 'Root', lensId: lens.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, rootSubject: 'Root', ...FILTER_DEFAULTS });
    expect(res.body.lens).toEqual({ id: lens.id, name: lens.name, version: '1.0', helpEmail: 'help@example.com', thumbnailUrl: 'https://example.com/t.png' });
    expect(res.body).not.toHaveProperty('lensId');
    expect(res.body).not.toHaveProperty('ownerId');
    expect(res.body.user.name).toBe(u.user.name);
    expect(res.body.owner.name).toBe(u.user.name);
    expect(res.body.apiLinks.map((l: { method: string }) => l.method).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
  });

  it('stores filters and INCLUDE with values', async () => {
    const body = {
      aspectFilter: ['cpu', 'mem_1'],
      aspectFilterType: 'INCLUDE',
      aspectTagFilter: ['infra'],
      aspectTagFilterType: 'EXCLUDE',
      subjectTagFilter: ['us-east'],
      subjectTagFilterType: 'INCLUDE',
      statusFilter: ['Critical', '-OK', 'Timeout', 'Invalid', 'Warning', 'Info'],
      statusFilterType: 'INCLUDE',
    };
    const p = await create(body);
    expect(p).toMatchObject(body);
  });

  it.each(['aspectFilter', 'aspectTagFilter', 'subjectTagFilter', 'statusFilter'])(
    '%sType INCLUDE without values → 400 InvalidPerspectiveError, nothing stored',
    async (filter) => {
      const before = await count();
      expectErrorBody(await post({ name: uniq(), rootSubject: 'R', lensId: lens.id, [`${filter}Type`]: 'INCLUDE' }), 400, 'InvalidPerspectiveError');
      expectErrorBody(await post({ name: uniq(), rootSubject: 'R', lensId: lens.id, [`${filter}Type`]: 'INCLUDE', [filter]: [] }), 400, 'InvalidPerspectiveError');
      expect(await count()).toBe(before);
    },
  );

  const bad: [string, Record<string, unknown>][] = [
    ['missing rootSubject', { rootSubject: undefined }],
    ['missing name', { name: undefined }],
    ['missing lensId', { lensId: undefined }],
    ['name with a dot', { name: 'a.b' }],
    ['name with a space', { name: 'a b' }],
    ['name of 61 characters', { name: 'a'.repeat(61) }],
    ['aspect filter value with #', { aspectFilter: ['cpu#1'] }],
    ['aspect tag filter value with #', { aspectTagFilter: ['#'] }],
    ['subject tag filter value with a space', { subjectTagFilter: ['a b'] }],
    ['status -OKAY', { statusFilter: ['-OKAY'] }],
    ['status in lower case', { statusFilter: ['critical'] }],
    ['filter type not INCLUDE/EXCLUDE', { aspectFilterType: 'MAYBE' }],
    ['filter not an array', { aspectFilter: 'cpu' }],
    ['filter null', { aspectFilter: null }],
    ['lensId not a uuid', { lensId: 'PerspLensA' }],
    ['rootSubject empty', { rootSubject: '' }],
  ];
  it.each(bad)('%s → 400 SCHEMA_VALIDATION_FAILED', async (_label, override) => {
    const before = await count();
    const body: Record<string, unknown> = { name: uniq(), rootSubject: 'Root', lensId: lens.id, ...override };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    expectErrorBody(await post(body), 400, 'SCHEMA_VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('missing name reads "Missing required property: name"', async () => {
    const res = await post({ rootSubject: 'R', lensId: lens.id });
    expect(res.body.errors.map((e: { message: string }) => e.message)).toContain('Missing required property: name');
  });

  it('lensId of no lens → 400 ValidationError naming lensId', async () => {
    const before = await count();
    const err = expectErrorBody(await post({ name: uniq(), rootSubject: 'R', lensId: '00000000-0000-4000-8000-000000000000' }), 400, 'ValidationError');
    expect(err.source).toBe('lensId');
    expect(await count()).toBe(before);
  });

  it('read-only fields → 400', async () => {
    for (const field of ['id', 'createdBy', 'writers', 'createdAt', 'updatedAt', 'lens', 'user', 'ownerId']) {
      const res = await post({ name: uniq(), rootSubject: 'R', lensId: lens.id, [field]: 'x' });
      expect(expectErrorBody(res, 400).description).toBe(`You cannot modify the read-only field: ${field}`);
    }
  });

  it('refuses unknown properties with a 400 naming them, nothing created (issue 17)', async () => {
    const before = await count();
    const res = await post({ name: uniq(), rootSubject: 'R', lensId: lens.id, somethingElse: 1 });
    expectErrorBody(res, 400, 'SCHEMA_VALIDATION_FAILED');
    expect(res.body.errors[0].source).toBe('somethingElse');
    expect(await count()).toBe(before);
  });

  it('duplicate name in any case → 409', async () => {
    const p = await create();
    const before = await count();
    expectErrorBody(await post({ name: String(p.name).toUpperCase(), rootSubject: 'R', lensId: lens.id }), 409, 'DuplicateResourceError');
    expect(await count()).toBe(before);
  });

  it('non-object bodies → 400', async () => {
    expectErrorBody(await t.http().post('/v1/perspectives').set('Authorization', u.token).send([{ name: 'x' }]), 400);
    expectErrorBody(await t.http().post('/v1/perspectives').set('Authorization', u.token).set('Content-Type', 'application/json').send('"x"'), 400);
  });

  it('needs a token', async () => {
    expectErrorBody(await t.http().post('/v1/perspectives').send({}), 401);
    expectErrorBody(await t.http().get('/v1/perspectives'), 401);
  });
});

describe('GET /v1/perspectives', () => {
  beforeAll(async () => {
    await create({ name: 'LPone_a', rootSubject: 'Alpha.Beta' });
    await create({ name: 'LPtwoXa', rootSubject: 'Gamma' });
    await create({ name: 'LPthree_a', rootSubject: 'alpha' });
  });

  it('lists with X-Total-Count, Link, limit and offset', async () => {
    const res = await t.http().get('/v1/perspectives?name=LP*&limit=2&offset=0').set('Authorization', other.token);
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.headers.link).toContain('offset=2');
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(['LPone_a', 'LPthree_a']);
    const page2 = await t.http().get('/v1/perspectives?name=LP*&limit=2&offset=2').set('Authorization', other.token);
    expect(page2.body.map((p: { name: string }) => p.name)).toEqual(['LPtwoXa']);
    expect(page2.body[0].lens.name).toBe(lens.name);
    expect(page2.body[0]).not.toHaveProperty('lensId');
  });

  it('filters by name (exact, any case, `_` literal, `*` wildcard), rootSubject and createdAt', async () => {
    const names = async (q: string): Promise<string[]> => {
      const r = await t.http().get(`/v1/perspectives?${q}`).set('Authorization', u.token);
      expect(r.status).toBe(200);
      return (r.body as { name: string }[]).map((p) => p.name);
    };
    expect(await names('name=lpone_a')).toEqual(['LPone_a']);
    expect(await names('name=LP*_a')).toEqual(['LPone_a', 'LPthree_a']);
    expect(await names('name=LPone_a,LPtwoXa')).toEqual(['LPone_a', 'LPtwoXa']);
    expect(await names('rootSubject=alpha*&name=LP*')).toEqual(['LPone_a', 'LPthree_a']);
    expect(await names('rootSubject=gamma')).toEqual(['LPtwoXa']);
    expect((await names('createdAt=-1h&name=LP*')).length).toBe(3);
    expectErrorBody(await t.http().get('/v1/perspectives?createdAt=yesterday').set('Authorization', u.token), 400);
  });

  it('sorts and selects fields', async () => {
    const res = await t.http().get('/v1/perspectives?name=LP*&sort=-name&fields=name,lens').set('Authorization', u.token);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(['LPtwoXa', 'LPthree_a', 'LPone_a']);
    expect(Object.keys(res.body[0]).sort()).toEqual(['apiLinks', 'id', 'lens', 'name']);
    expectErrorBody(await t.http().get('/v1/perspectives?fields=lensId').set('Authorization', u.token), 400);
    expectErrorBody(await t.http().get('/v1/perspectives?sort=bogus').set('Authorization', u.token), 400);
    expectErrorBody(await t.http().get('/v1/perspectives?limit=-1').set('Authorization', u.token), 400);
  });

  it('GET one by id or name (any case); unknown → 404; a LIKE pattern is not a key', async () => {
    const p = await create();
    for (const key of [p.id as string, String(p.name).toLowerCase()]) {
      const res = await t.http().get(`/v1/perspectives/${key}`).set('Authorization', other.token);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(p.id);
      expect(res.body.lens.id).toBe(lens.id);
    }
    expectErrorBody(await t.http().get('/v1/perspectives/NoSuchPersp').set('Authorization', u.token), 404, 'ResourceNotFoundError');
    expectErrorBody(await t.http().get('/v1/perspectives/LP%25').set('Authorization', u.token), 404);
    expectErrorBody(await t.http().get('/v1/perspectives/00000000-0000-4000-8000-000000000000').set('Authorization', u.token), 404);
  });
});

describe('PUT and PATCH /v1/perspectives/{key}', () => {
  it('PUT overwrites: fields left out go back to their defaults', async () => {
    const p = await create({ aspectFilter: ['cpu'], aspectFilterType: 'INCLUDE', statusFilter: ['OK'] });
    const res = await t.http().put(`/v1/perspectives/${String(p.id)}`).set('Authorization', u.token)
      .send({ name: p.name, rootSubject: 'New.Root', lensId: lens2.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: p.name, rootSubject: 'New.Root', ...FILTER_DEFAULTS });
    expect(res.body.lens.id).toBe(lens2.id);
    expect(res.body.owner.id).toBe(u.user.id);
  });

  it('PUT needs the required fields and checks INCLUDE', async () => {
    const p = await create();
    const key = `/v1/perspectives/${String(p.id)}`;
    expectErrorBody(await t.http().put(key).set('Authorization', u.token).send({ name: p.name, lensId: lens.id }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(
      await t.http().put(key).set('Authorization', u.token).send({ name: p.name, rootSubject: 'R', lensId: lens.id, statusFilterType: 'INCLUDE' }),
      400,
      'InvalidPerspectiveError',
    );
    expectErrorBody(await t.http().put(key).set('Authorization', u.token).send({ name: p.name, rootSubject: 'R', lensId: '00000000-0000-4000-8000-000000000000' }), 400, 'ValidationError');
    const after = await t.http().get(key).set('Authorization', u.token);
    expect(after.body.rootSubject).toBe('Root.Child');
  });

  it('PATCH changes only what is sent; arrays are replaced, not merged', async () => {
    const p = await create({ aspectFilter: ['a1', 'a2'], aspectFilterType: 'INCLUDE', subjectTagFilter: ['t1'] });
    const res = await t.http().patch(`/v1/perspectives/${String(p.name)}`).set('Authorization', u.token).send({ aspectFilter: ['a3'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ aspectFilter: ['a3'], aspectFilterType: 'INCLUDE', subjectTagFilter: ['t1'], rootSubject: 'Root.Child' });
  });

  it('PATCH checks the merged record for INCLUDE without values', async () => {
    const p = await create({ aspectFilter: ['a1'], aspectFilterType: 'INCLUDE' });
    const key = `/v1/perspectives/${String(p.id)}`;
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ aspectFilter: [] }), 400, 'InvalidPerspectiveError');
    const q = await create();
    expectErrorBody(await t.http().patch(`/v1/perspectives/${String(q.id)}`).set('Authorization', u.token).send({ statusFilterType: 'INCLUDE' }), 400, 'InvalidPerspectiveError');
    const ok = await t.http().patch(key).set('Authorization', u.token).send({ aspectFilter: [], aspectFilterType: 'EXCLUDE' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ aspectFilter: [], aspectFilterType: 'EXCLUDE' });
  });

  it('PATCH refuses null for required fields, bad values, read-only fields, unknown lenses and duplicate names', async () => {
    const p = await create();
    const key = `/v1/perspectives/${String(p.id)}`;
    for (const body of [{ name: null }, { rootSubject: null }, { lensId: null }, { name: 'x.y' }, { statusFilter: ['Nope'] }]) {
      expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send(body), 400, 'SCHEMA_VALIDATION_FAILED');
    }
    for (const field of ['id', 'lens', 'createdAt', 'writers']) {
      expect(expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ [field]: 'x' }), 400).description).toBe(
        `You cannot modify the read-only field: ${field}`,
      );
    }
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ lensId: '00000000-0000-4000-8000-000000000000' }), 400, 'ValidationError');
    const q = await create();
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ name: String(q.name).toLowerCase() }), 409, 'DuplicateResourceError');
    const after = await t.http().get(key).set('Authorization', u.token);
    expect(after.body).toMatchObject({ name: p.name, rootSubject: 'Root.Child', lens: { id: lens.id } });
  });

  it('PATCH may rename and move to another lens', async () => {
    const p = await create();
    const name = uniq('Renamed');
    const res = await t.http().patch(`/v1/perspectives/${String(p.id)}`).set('Authorization', u.token).send({ name, lensId: lens2.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name, lens: { id: lens2.id, name: lens2.name } });
  });
});

describe('DELETE /v1/perspectives/{key} and writers', () => {
  it('DELETE answers with the record and only the POST link', async () => {
    const p = await create();
    const res = await t.http().delete(`/v1/perspectives/${String(p.name)}`).set('Authorization', u.token);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(p.id);
    expect(res.body.apiLinks).toEqual([expect.objectContaining({ method: 'POST', href: '/v1/perspectives' })]);
    expectErrorBody(await t.http().get(`/v1/perspectives/${String(p.id)}`).set('Authorization', u.token), 404);
    expectErrorBody(await t.http().delete(`/v1/perspectives/${String(p.id)}`).set('Authorization', u.token), 404);
  });

  it('a non-writer gets 403 on PUT, PATCH and DELETE, and nothing changes', async () => {
    const p = await create();
    await insertWriters(t, 'perspective', p.id as string, [u.user.id]);
    const key = `/v1/perspectives/${String(p.id)}`;
    expectErrorBody(await t.http().patch(key).set('Authorization', other.token).send({ rootSubject: 'X' }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().put(key).set('Authorization', other.token).send({ name: p.name, rootSubject: 'X', lensId: lens.id }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().delete(key).set('Authorization', other.token), 403, 'ForbiddenError');
    expectErrorBody(await t.http().patch(key).set('Authorization', admin).send({ rootSubject: 'X' }), 403, 'ForbiddenError');
    const after = await t.http().get(key).set('Authorization', other.token);
    expect(after.body.rootSubject).toBe('Root.Child');
    const adminOk = await t.http().patch(`${key}?override=admin`).set('Authorization', admin).send({ rootSubject: 'ByAdmin' });
    expect(adminOk.status).toBe(200);
    expect((await t.http().patch(key).set('Authorization', u.token).send({ rootSubject: 'Mine' })).status).toBe(200);
  });
});

describe('perspective owner (REFOCUS-REFERENCE.md §12 item 28)', () => {
  it('POST without owner → creator; with owner → that user; unknown owner → 400', async () => {
    const mine = await create();
    expect((mine.owner as { name: string }).name).toBe(u.user.name);
    const theirs = await create({ owner: other.user.name });
    expect((theirs.owner as { name: string }).name).toBe(other.user.name);
    expect((theirs.user as { name: string }).name).toBe(u.user.name);
    const before = await count();
    const res = await post({ name: uniq(), rootSubject: 'R', lensId: lens.id, owner: 'nobody-here' });
    expect(expectErrorBody(res, 400, 'ValidationError').message).toBe('Attempted to set the owner to a nonexistent user.');
    expect(await count()).toBe(before);
  });

  it('the current owner may change it (PATCH and PUT); admin only with override; a third user never', async () => {
    const p = await create();
    const key = `/v1/perspectives/${String(p.id)}`;
    expectErrorBody(await t.http().patch(key).set('Authorization', third.token).send({ owner: third.user.name }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().patch(`${key}?override=admin`).set('Authorization', third.token).send({ owner: third.user.name }), 403);
    expectErrorBody(await t.http().patch(key).set('Authorization', admin).send({ owner: third.user.name }), 403, 'ForbiddenError');
    const byOwner = await t.http().put(key).set('Authorization', u.token).send({ name: p.name, rootSubject: 'R', lensId: lens.id, owner: other.user.id });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.owner.id).toBe(other.user.id);
    const byAdmin = await t.http().patch(`${key}?override=admin`).set('Authorization', admin).send({ owner: u.user.name });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.owner.name).toBe(u.user.name);
    // Sending the current owner again is no change, so anyone who may write may send it.
    expect((await t.http().patch(key).set('Authorization', third.token).send({ owner: u.user.name, rootSubject: 'Same' })).status).toBe(200);
  });
});
