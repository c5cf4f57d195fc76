import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { insertWriters } from '../support/records';
import { lensZip, makeZip } from '../fixtures/zip';

let t: TestApp;
let u: TestUser;
let other: TestUser;
let third: TestUser;
let admin: string;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  u = await createUserWithToken(t);
  other = await createUserWithToken(t);
  third = await createUserWithToken(t);
  admin = await adminToken(t);
});

afterAll(async () => {
  await t?.close();
});

const uniq = (p = 'Lens'): string => `${p}${++n}x${Date.now() % 100000}`;

/** POST /v1/lenses as multipart with the given zip and form fields. */
function upload(token: string, zip: Buffer | null, fields: Record<string, string> = {}, opts: { filename?: string; contentType?: string } = {}) {
  const req = t.http().post('/v1/lenses').set('Authorization', token);
  for (const [k, v] of Object.entries(fields)) void req.field(k, v);
  if (zip) void req.attach('library', zip, { filename: opts.filename ?? 'lens.zip', contentType: opts.contentType ?? 'application/zip' });
  return req;
}

async function lensCount(): Promise<number> {
  const rows: { c: number }[] = await t.dataSource.query('SELECT count(*)::int AS c FROM lenses');
  return rows[0].c;
}

async function createLens(token = u.token, fields: Record<string, string> = {}, meta?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const name = uniq();
  const res = await upload(token, await lensZip(meta ?? { name, description: 'from json', version: '1.2.3' }), fields);
  expect(res.status).toBe(201);
  return res.body as Record<string, unknown>;
}

describe('POST /v1/lenses (REFOCUS-REFERENCE.md §9, §12 item 47)', () => {
  it('installs a lens: 201 with user, owner, lensEventApiVersion 1, source fields, no library', async () => {
    const name = uniq();
    const res = await upload(u.token, await lensZip({ name, description: 'desc', version: '2.0', helpUrl: 'https://example.com/help', extra: { a: 1 } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name,
      sourceName: name,
      description: 'desc',
      sourceDescription: 'desc',
      version: '2.0',
      sourceVersion: '2.0',
      helpUrl: 'https://example.com/help',
      isPublished: false,
      isCustom: true,
      lensEventApiVersion: 1,
      metadata: { extra: { a: 1 } },
    });
    expect(res.body.user.name).toBe(u.user.name);
    expect(res.body.owner.name).toBe(u.user.name);
    expect(res.body).not.toHaveProperty('library');
    expect(res.body).not.toHaveProperty('ownerId');
    expect(res.body).not.toHaveProperty('extra');
    expect(res.body.apiLinks.map((l: { method: string }) => l.method).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
  });

  it('accepts application/x-zip-compressed', async () => {
    const res = await upload(u.token, await lensZip({ name: uniq() }), {}, { contentType: 'application/x-zip-compressed' });
    expect(res.status).toBe(201);
  });

  it('form name, description, version and isPublished win over lens.json', async () => {
    const name = uniq('Form');
    const res = await upload(u.token, await lensZip({ name: uniq(), description: 'json', version: '1' }), {
      name,
      description: 'form desc',
      version: '9',
      isPublished: 'TRUE',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, description: 'form desc', version: '9', isPublished: true, sourceVersion: '1' });
  });

  it('empty form fields fall back to lens.json', async () => {
    const src = uniq();
    const res = await upload(u.token, await lensZip({ name: src, description: 'json d', version: '3' }), { name: '', description: '', version: '' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: src, sourceName: src, description: 'json d', version: '3' });
  });

  it('stores lensEventApiVersion 2 from lens.json and refuses "Nope"', async () => {
    const two = await upload(u.token, await lensZip({ name: uniq(), lensEventApiVersion: 2 }));
    expect(two.status).toBe(201);
    expect(two.body.lensEventApiVersion).toBe(2);
    const before = await lensCount();
    const nope = await upload(u.token, await lensZip({ name: uniq(), lensEventApiVersion: 'Nope' }));
    expect(expectErrorBody(nope, 400).message).toBe('Validation isInt on lensEventApiVersion failed');
    expect(await lensCount()).toBe(before);
  });

  it('does not mass-assign lens.json keys onto the record', async () => {
    const res = await upload(u.token, await lensZip({ name: uniq(), isPublished: true, isCustom: false, id: '00000000-0000-4000-8000-000000000000', installedBy: other.user.id }));
    expect(res.status).toBe(201);
    expect(res.body.isPublished).toBe(false);
    expect(res.body.isCustom).toBe(true);
    expect(res.body.id).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(res.body.user.id).toBe(u.user.id);
    expect(res.body.metadata).toMatchObject({ isPublished: true, isCustom: false });
  });

  describe('refuses bad uploads with 400 and stores nothing', () => {
    const cases: [string, () => Promise<{ zip: Buffer | null; fields?: Record<string, string>; contentType?: string }>, RegExp][] = [
      ['no library', async () => ({ zip: null, fields: { name: uniq() } }), /library/],
      ['a .json file as library', async () => ({ zip: Buffer.from('{"name":"x"}'), contentType: 'application/json' }), /The library parameter mime type should be application\/zip/],
      ['zip mime type but not a zip', async () => ({ zip: Buffer.from('this is not a zip at all') }), /The library parameter mime type should be application\/zip/],
      ['zip without lens.json', async () => ({ zip: await makeZip({ 'lens.js': 'x' }) }), /lens.js and lens.json are required files in lens zip/],
      ['zip without lens.js', async () => ({ zip: await makeZip({ 'lens.json': '{"name":"a"}' }) }), /lens.js and lens.json are required files in lens zip/],
      ['lens files not at the top level', async () => ({ zip: await makeZip({ 'dir/lens.js': 'x', 'dir/lens.json': '{"name":"a"}' }) }), /required files/],
      ['lens.json without name', async () => ({ zip: await lensZip({ description: 'no name' }) }), /name is required in lens json/],
      ['lens.json name with a dot', async () => ({ zip: await lensZip({ name: 'testLensv1.1' }) }), /Name field should be max 60 characters/],
      ['lens.json name of 61 characters', async () => ({ zip: await lensZip({ name: 'a'.repeat(61) }) }), /Name field should be max 60 characters/],
      ['lens.json not JSON', async () => ({ zip: await makeZip({ 'lens.js': 'x', 'lens.json': '{nope' }) }), /not valid JSON/],
      ['lens.json an array', async () => ({ zip: await makeZip({ 'lens.js': 'x', 'lens.json': '[1]' }) }), /JSON object/],
      ['bad helpEmail in lens.json', async () => ({ zip: await lensZip({ name: uniq(), helpEmail: 'not-an-email' }) }), /helpEmail/],
      ['too long version in lens.json', async () => ({ zip: await lensZip({ name: uniq(), version: 'v'.repeat(65) }) }), /version/],
      ['form name with a dot', async () => ({ zip: await lensZip({ name: uniq() }), fields: { name: 'testLensv1.1' } }), /name/],
      ['form isPublished not a boolean', async () => ({ zip: await lensZip({ name: uniq() }), fields: { isPublished: 'yes' } }), /isPublished/],
      ['unknown owner', async () => ({ zip: await lensZip({ name: uniq() }), fields: { owner: 'nobody-such-user' } }), /nonexistent user/],
    ];
    it.each(cases)('%s', async (_label, make, pattern) => {
      const c = await make();
      const before = await lensCount();
      const res = await upload(u.token, c.zip, c.fields, { contentType: c.contentType });
      const err = expectErrorBody(res, 400);
      expect(`${String(err.message)} ${String(err.description)}`).toMatch(pattern);
      expect(await lensCount()).toBe(before);
    });
  });

  it('refuses read-only fields in the form', async () => {
    for (const field of ['id', 'createdBy', 'writers', 'sourceName', 'installedBy', 'user']) {
      const res = await upload(u.token, await lensZip({ name: uniq() }), { [field]: 'x' });
      expect(expectErrorBody(res, 400).description).toBe(`You cannot modify the read-only field: ${field}`);
    }
  });

  it('refuses a zip bomb: more entries than allowed', async () => {
    const files: Record<string, string> = { 'lens.js': 'x', 'lens.json': JSON.stringify({ name: uniq() }) };
    for (let i = 0; i < 2001; i++) files[`f/${i}.txt`] = '';
    const res = await upload(u.token, await makeZip(files));
    expect(expectErrorBody(res, 400).description).toMatch(/too large/);
  });

  it('refuses a zip bomb: content that expands beyond the limit', async () => {
    const big = Buffer.alloc(51 * 1024 * 1024, 0); // compresses to about 50 KB
    const res = await upload(u.token, await lensZip({ name: uniq() }, { 'big.bin': big }));
    expect(expectErrorBody(res, 400).description).toMatch(/too large/);
  });

  it('refuses a duplicate name in any case with 409', async () => {
    const name = uniq('Dup');
    expect((await upload(u.token, await lensZip({ name }))).status).toBe(201);
    const res = await upload(u.token, await lensZip({ name: name.toUpperCase() }));
    expectErrorBody(res, 409, 'DuplicateResourceError');
  });

  it('sets the owner to another existing user by name', async () => {
    const lens = await createLens(u.token, { owner: other.user.name });
    expect((lens.owner as { name: string }).name).toBe(other.user.name);
    expect((lens.user as { name: string }).name).toBe(u.user.name);
  });

  it('needs a token', async () => {
    expectErrorBody(await t.http().post('/v1/lenses'), 401);
  });
});

describe('GET /v1/lenses', () => {
  let a: Record<string, unknown>;
  beforeAll(async () => {
    a = await createLens(u.token, { name: 'ListAlpha', isPublished: 'true' });
    await createLens(u.token, { name: 'ListBeta' });
  });

  it('lists lenses without the library, with X-Total-Count and Link', async () => {
    const res = await t.http().get('/v1/lenses?name=List*&limit=1').set('Authorization', other.token);
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('2');
    expect(res.headers.link).toContain('rel="next"');
    expect(res.body).toHaveLength(1);
    expect(res.body[0].name).toBe('ListAlpha');
    expect(res.body[0]).not.toHaveProperty('library');
  });

  it('filters, sorts and selects fields', async () => {
    const pub = await t.http().get('/v1/lenses?name=List*&isPublished=true').set('Authorization', u.token);
    expect(pub.body.map((l: { name: string }) => l.name)).toEqual(['ListAlpha']);
    const sorted = await t.http().get('/v1/lenses?name=List*&sort=-name&fields=name').set('Authorization', u.token);
    expect(sorted.body.map((l: { name: string }) => l.name)).toEqual(['ListBeta', 'ListAlpha']);
    expect(Object.keys(sorted.body[0]).sort()).toEqual(['apiLinks', 'id', 'name']);
    expectErrorBody(await t.http().get('/v1/lenses?fields=library').set('Authorization', u.token), 400);
    expectErrorBody(await t.http().get('/v1/lenses?sort=nope').set('Authorization', u.token), 400);
  });

  it('GET one returns the library unpacked, images base64', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const name = uniq();
    const created = await upload(u.token, await lensZip({ name }, { 'img/thumb.png': png, 'lib/util.js': 'var x = 1;' }));
    expect(created.status).toBe(201);
    for (const key of [created.body.id as string, name.toLowerCase()]) {
      const res = await t.http().get(`/v1/lenses/${key}`).set('Authorization', other.token);
      expect(res.status).toBe(200);
      expect(res.body.library['lens.js']).toContain('console.log');
      expect(JSON.parse(res.body.library['lens.json'])).toEqual({ name });
      expect(res.body.library['lib/util.js']).toBe('var x = 1;');
      expect(Buffer.from(res.body.library['img/thumb.png'], 'base64').equals(png)).toBe(true);
    }
  });

  it('GET one of an unpublished lens answers 200 (every signed-in user reads every record)', async () => {
    const res = await t.http().get(`/v1/lenses/${String(a.id)}`).set('Authorization', other.token);
    expect(res.status).toBe(200);
    const unpublished = await t.http().get('/v1/lenses/ListBeta').set('Authorization', other.token);
    expect(unpublished.status).toBe(200);
    expect(unpublished.body.isPublished).toBe(false);
  });

  it('unknown key → 404; the key is not a LIKE pattern', async () => {
    expectErrorBody(await t.http().get('/v1/lenses/NoSuchLens').set('Authorization', u.token), 404, 'ResourceNotFoundError');
    expectErrorBody(await t.http().get('/v1/lenses/List%25').set('Authorization', u.token), 404);
    expectErrorBody(await t.http().get('/v1/lenses/List_lpha').set('Authorization', u.token), 404);
  });
});

describe('PUT, PATCH, DELETE /v1/lenses/{key}', () => {
  function put(token: string, key: string, zip: Buffer | null, fields: Record<string, string> = {}, query = '') {
    const req = t.http().put(`/v1/lenses/${key}${query}`).set('Authorization', token);
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    if (zip) void req.attach('library', zip, { filename: 'lens.zip', contentType: 'application/zip' });
    return req;
  }

  it('PUT replaces the library without re-reading lens.json; missing fields fall back, isPublished → false', async () => {
    const lens = await createLens(u.token, { name: uniq('Put'), description: 'mine', isPublished: 'true' });
    const res = await put(u.token, lens.id as string, await lensZip({ name: 'OtherName', description: 'other', version: '7' }, { 'new.js': 'new' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: lens.sourceName, sourceName: lens.sourceName, description: 'from json', version: '1.2.3', isPublished: false });
    const got = await t.http().get(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token);
    expect(got.body.library['new.js']).toBe('new');
  });

  it('PUT checks the new library', async () => {
    const lens = await createLens();
    const res = await put(u.token, lens.id as string, await makeZip({ 'lens.js': 'x' }));
    expect(expectErrorBody(res, 400).description).toMatch(/required files/);
    const notZip = await put(u.token, lens.id as string, Buffer.from('nope'));
    expectErrorBody(notZip, 400);
  });

  it('PATCH changes metadata; an empty name goes back to the source name', async () => {
    const lens = await createLens();
    const res = await t.http().patch(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token)
      .send({ name: 'PatchedName', description: 'patched', version: '5', isPublished: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'PatchedName', description: 'patched', version: '5', isPublished: true });
    const back = await t.http().patch('/v1/lenses/patchedname').set('Authorization', u.token).send({ name: '' });
    expect(back.status).toBe(200);
    expect(back.body.name).toBe(lens.sourceName);
  });

  it('PATCH refuses read-only fields, bad names and duplicate names', async () => {
    const lens = await createLens();
    const key = `/v1/lenses/${String(lens.id)}`;
    for (const field of ['id', 'sourceName', 'library', 'createdAt', 'writers']) {
      const res = await t.http().patch(key).set('Authorization', u.token).send({ [field]: 'x' });
      expect(expectErrorBody(res, 400).description).toBe(`You cannot modify the read-only field: ${field}`);
    }
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ name: 'a.b' }), 400, 'SCHEMA_VALIDATION_FAILED');
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ isPublished: 'maybe' }), 400);
    const otherLens = await createLens();
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ name: String(otherLens.name).toLowerCase() }), 409, 'DuplicateResourceError');
    const after = await t.http().get(key).set('Authorization', u.token);
    expect(after.body.name).toBe(lens.name);
  });

  it('DELETE removes the lens and answers with it', async () => {
    const lens = await createLens();
    const res = await t.http().delete(`/v1/lenses/${String(lens.name)}`).set('Authorization', u.token);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(lens.id);
    expect(res.body.apiLinks).toEqual([expect.objectContaining({ method: 'POST', href: '/v1/lenses' })]);
    expectErrorBody(await t.http().get(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token), 404);
  });

  it('a lens in use by a perspective can be neither deleted nor unpublished', async () => {
    const lens = await createLens(u.token, { isPublished: 'true' });
    const p = await t.http().post('/v1/perspectives').set('Authorization', u.token)
      .send({ name: uniq('UsesLens'), rootSubject: 'Root', lensId: lens.id });
    expect(p.status).toBe(201);
    const del = await t.http().delete(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token);
    const err = expectErrorBody(del, 400, 'ValidationError');
    expect(err.message).toMatch(new RegExp(`^Cannot delete ${String(lens.name)} because it is still in use by`));
    expect(err.message).toContain(p.body.name);
    const unpub = await t.http().patch(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token).send({ isPublished: false });
    expect(expectErrorBody(unpub, 400, 'ValidationError').message).toMatch(/Cannot unpublish .* still in use by/);
    const putUnpub = await put(u.token, lens.id as string, null, { name: String(lens.name) });
    expectErrorBody(putUnpub, 400, 'ValidationError');
    const still = await t.http().get(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token);
    expect(still.body.isPublished).toBe(true);
    // Once the perspective is gone, the lens may go.
    expect((await t.http().delete(`/v1/perspectives/${String(p.body.id)}`).set('Authorization', u.token)).status).toBe(200);
    expect((await t.http().delete(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token)).status).toBe(200);
  });

  it('writers: a non-writer gets 403 on PUT, PATCH, DELETE and nothing changes', async () => {
    const lens = await createLens();
    await insertWriters(t, 'lens', lens.id as string, [u.user.id]);
    const key = lens.id as string;
    expectErrorBody(await t.http().patch(`/v1/lenses/${key}`).set('Authorization', other.token).send({ description: 'hacked' }), 403, 'ForbiddenError');
    expectErrorBody(await put(other.token, key, null, { description: 'hacked' }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().delete(`/v1/lenses/${key}`).set('Authorization', other.token), 403, 'ForbiddenError');
    const after = await t.http().get(`/v1/lenses/${key}`).set('Authorization', u.token);
    expect(after.body.description).toBe('from json');
    expect((await t.http().patch(`/v1/lenses/${key}`).set('Authorization', u.token).send({ description: 'mine' })).status).toBe(200);
    expectErrorBody(await t.http().patch('/v1/lenses/NoSuchLens').set('Authorization', other.token).send({}), 404);
  });
});

describe('lens owner (REFOCUS-REFERENCE.md §12 item 28)', () => {
  it('defaults to the creator; unknown owner → 400', async () => {
    const lens = await createLens(u.token);
    expect((lens.owner as { id: string }).id).toBe(u.user.id);
    const res = await t.http().patch(`/v1/lenses/${String(lens.id)}`).set('Authorization', u.token).send({ owner: 'no-such-user' });
    expect(expectErrorBody(res, 400, 'ValidationError').message).toBe('Attempted to set the owner to a nonexistent user.');
  });

  it('the current owner may give it away; then they may not take it back', async () => {
    const lens = await createLens(u.token);
    const key = `/v1/lenses/${String(lens.id)}`;
    const give = await t.http().patch(key).set('Authorization', u.token).send({ owner: other.user.name });
    expect(give.status).toBe(200);
    expect(give.body.owner.name).toBe(other.user.name);
    expectErrorBody(await t.http().patch(key).set('Authorization', u.token).send({ owner: u.user.name }), 403, 'ForbiddenError');
  });

  it('admin only with ?override=admin; a third user never', async () => {
    const lens = await createLens(u.token);
    const key = `/v1/lenses/${String(lens.id)}`;
    expectErrorBody(await t.http().patch(key).set('Authorization', admin).send({ owner: third.user.name }), 403, 'ForbiddenError');
    expectErrorBody(await t.http().patch(key).set('Authorization', third.token).send({ owner: third.user.name }), 403);
    expectErrorBody(await t.http().patch(`${key}?override=admin`).set('Authorization', third.token).send({ owner: third.user.name }), 403);
    const ok = await t.http().patch(`${key}?override=admin`).set('Authorization', admin).send({ owner: third.user.id });
    expect(ok.status).toBe(200);
    expect(ok.body.owner.id).toBe(third.user.id);
  });
});

describe('malformed multipart never yields a 5xx', () => {
  const raw = (body: string | Buffer, contentType: string) =>
    t.http().post('/v1/lenses').set('Authorization', u.token).set('Content-Type', contentType).send(body);

  it('answers 4xx with the error body, storing nothing', async () => {
    const before = await lensCount();
    const zip = await lensZip({ name: uniq() });
    const cases = [
      await raw('garbage', 'multipart/form-data'),
      await raw('--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc', 'multipart/form-data; boundary=xyz'),
      await raw('--xyz\r\nbroken header\r\n\r\n--xyz--', 'multipart/form-data; boundary=xyz'),
      await upload(u.token, zip).attach('library', zip, { filename: 'second.zip', contentType: 'application/zip' }),
      await t.http().post('/v1/lenses').set('Authorization', u.token).attach('other', zip, { filename: 'x.zip', contentType: 'application/zip' }),
      await upload(u.token, zip, { 'name[a]': 'x' }),
      await upload(u.token, zip, { owner: '' }),
      await t.http().post('/v1/lenses').set('Authorization', u.token).send({ name: 'json', library: 'abc' }),
      await t.http().post('/v1/lenses').set('Authorization', u.token).send([1, 2]),
    ];
    for (const res of cases) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectErrorBody(res, res.status);
    }
    expect(await lensCount()).toBe(before);
  });

  it('a library over the upload limit → 413', async () => {
    const { randomBytes } = await import('node:crypto');
    const zip = await lensZip({ name: uniq() }, { 'noise.bin': randomBytes(10 * 1024 * 1024 + 1024) });
    expectErrorBody(await upload(u.token, zip), 413, 'PayloadTooLargeError');
  });
});
