import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { createUserWithToken, TestUser } from '../support/identity';

let t: TestApp;
let u: TestUser;

type Node = { name: string; childCount: number; children?: Node[]; samples: { name: string; status: string; aspect: { name: string; rank?: number } }[] };

const hierarchy = (key: string, q = '') => api(t).as(u).get(`/v1/subjects/${key}/hierarchy${q}`);
const names = (nodes: Node[] | undefined) => (nodes ?? []).map((n) => n.name);

async function subject(body: Record<string, unknown>): Promise<string> {
  return ((await api(t).as(u).post('/v1/subjects', body).expect(201)).body as { id: string }).id;
}

async function aspect(name: string, tags: string[], isPublished = true): Promise<string> {
  const res = await api(t).as(u).post('/v1/aspects', { name, timeout: '1m', tags, isPublished, rank: 3, okRange: [0, 0], criticalRange: [1, 1] }).expect(201);
  return (res.body as { id: string }).id;
}

async function sample(subjectId: string, aspectId: string, status: string): Promise<void> {
  await t.dataSource.query(`INSERT INTO samples (subject_id, aspect_id, value, status) VALUES ($1, $2, $3, $4)`, [
    subjectId,
    aspectId,
    status === 'OK' ? '0' : '1',
    status,
  ]);
}

beforeAll(async () => {
  t = await createTestApp();
  u = await createUserWithToken(t);
  // World ─ NA (tag us) ─ US (tag us) ─ CA
  //       └ EU (tag eu) ─ FR
  //       └ Hidden (unpublished)
  const world = await subject({ name: 'World', isPublished: true });
  const na = await subject({ name: 'NA', parentId: world, isPublished: true, tags: ['us'] });
  const us = await subject({ name: 'US', parentId: na, isPublished: true, tags: ['us'] });
  const ca = await subject({ name: 'CA', parentId: us, isPublished: true });
  const eu = await subject({ name: 'EU', parentId: world, isPublished: true, tags: ['eu'] });
  const fr = await subject({ name: 'FR', parentId: eu, isPublished: true });
  await subject({ name: 'Hidden', parentId: world });
  await subject({ name: 'Lonely', isPublished: true });
  await subject({ name: 'Unpub' });
  const cpu = await aspect('CPU', ['hw']);
  const mem = await aspect('Mem', ['hw', 'ram']);
  const lat = await aspect('Latency', ['net']);
  const off = await aspect('Off', [], false);
  await sample(ca, cpu, 'Critical');
  await sample(ca, mem, 'OK');
  await sample(fr, lat, 'OK');
  await sample(fr, off, 'Critical');
  await sample(us, lat, 'Critical');
});

afterAll(async () => {
  await t?.close();
});

describe('GET /v1/subjects/{key}/hierarchy (REFOCUS-REFERENCE.md §12 item 37)', () => {
  it('depth: negative → 400 with the reference message; 1 → children only; 0/2/3/99 → grandchildren', async () => {
    const e = expectErrorBody(await hierarchy('World', '?depth=-1'), 400);
    expect(e.message).toBe('Request validation failed: Parameter (depth) is less than the configured minimum (0): -1');
    expectErrorBody(await hierarchy('World', '?depth=x'), 400);
    const one = (await hierarchy('World', '?depth=1').expect(200)).body as Node;
    expect(names(one.children)).toEqual(['EU', 'NA']);
    expect(one.children![0].children).toBeUndefined();
    for (const d of ['', '?depth=0', '?depth=3', '?depth=99']) {
      const root = (await hierarchy('world', d).expect(200)).body as Node;
      expect(root.children![1].children![0].children![0].name).toBe('CA');
    }
    const two = (await hierarchy('World', '?depth=2').expect(200)).body as Node;
    expect(two.children![1].children![0].name).toBe('US');
    expect(two.children![1].children![0].children).toBeUndefined();
  });

  it('only published subjects and published aspects; samples embed the aspect with rank; leaves have no children', async () => {
    const root = (await hierarchy('World').expect(200)).body as Node;
    expect(root.childCount).toBe(3);
    expect(names(root.children)).toEqual(['EU', 'NA']);
    expect(root.samples).toEqual([]);
    const fr = root.children![0].children![0];
    expect(fr.children).toBeUndefined();
    expect(fr.samples.map((s) => s.name)).toEqual(['World.EU.FR|Latency']);
    expect(fr.samples[0].aspect).toMatchObject({ name: 'Latency', rank: 3 });
    const lonely = (await hierarchy('Lonely').expect(200)).body as Node;
    expect(lonely).toMatchObject({ name: 'Lonely', samples: [], childCount: 0, parentAbsolutePath: '', parentId: null });
    expect(lonely.children).toBeUndefined();
    expectErrorBody(await hierarchy('Unpub'), 404);
    expectErrorBody(await hierarchy('x'), 404);
    expectErrorBody(await t.http().get('/v1/subjects/World/hierarchy'), 401);
  });

  it('filters by aspect, status, aspectTags (include / exclude); mixing → 400', async () => {
    expectErrorBody(await hierarchy('World', '?aspect=CPU,-Mem'), 400, 'InvalidFilterParameterError');
    expectErrorBody(await hierarchy('World', '?status=OK,-Critical'), 400, 'InvalidFilterParameterError');
    const cpu = (await hierarchy('World', '?aspect=cpu').expect(200)).body as Node;
    expect(names(cpu.children)).toEqual(['NA']);
    const ca = cpu.children![0].children![0].children![0];
    expect(ca.samples.map((s) => s.aspect.name)).toEqual(['CPU']);
    const crit = (await hierarchy('World', '?status=Critical').expect(200)).body as Node;
    expect(names(crit.children)).toEqual(['NA']);
    expect(crit.children![0].children![0].samples.map((s) => s.name)).toEqual(['World.NA.US|Latency']);
    const notCrit = (await hierarchy('World', '?status=-critical').expect(200)).body as Node;
    expect(names(notCrit.children)).toEqual(['EU', 'NA']);
    expect(notCrit.children![1].children![0].samples).toEqual([]);
    const ram = (await hierarchy('World', '?aspectTags=RAM').expect(200)).body as Node;
    expect(ram.children![0].children![0].children![0].samples.map((s) => s.aspect.name)).toEqual(['Mem']);
    const noHw = (await hierarchy('World', '?aspectTags=-hw').expect(200)).body as Node;
    expect(names(noHw.children)).toEqual(['EU', 'NA']);
  });

  it('filters by subjectTags and limits fields', async () => {
    const eu = (await hierarchy('World', '?subjectTags=eu').expect(200)).body as Node;
    expect(names(eu.children)).toEqual(['EU']);
    expect(eu.children![0].children).toBeUndefined();
    const notUs = (await hierarchy('World', '?subjectTags=-us').expect(200)).body as Node;
    expect(names(notUs.children)).toEqual(['EU', 'NA']);
    expect(names(notUs.children![1].children![0].children)).toEqual(['CA']);
    const f = (await hierarchy('World', '?fields=name').expect(200)).body as Record<string, unknown>;
    expect(Object.keys(f).sort()).toEqual(['apiLinks', 'children', 'id', 'name', 'samples']);
    expectErrorBody(await hierarchy('World', '?fields=bogus'), 400);
  });
});
