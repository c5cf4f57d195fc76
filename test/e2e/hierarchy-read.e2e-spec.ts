import { api } from '../support/api';
import { IncomingHttpHeaders, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TestUser } from '../support/identity';

/**
 * Issue 19: the hierarchy's samples are read without an ORDER BY (sorted in memory instead) and
 * answered compressed at the fastest levels, and written in 1 MB blocks rather than through
 * `res.json`; none of it may change the answer or its headers.
 */
describe('hierarchy read (issue 19)', () => {
  let t: TestApp;
  let u: TestUser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    u = await createUserWithToken(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const root = (await api(t).as(u).post('/v1/subjects', { name: 'Order', isPublished: true }).expect(201)).body as { id: string };
    const leaves: string[] = [];
    for (let i = 0; i < 30; i++) {
      const leaf = await api(t).as(u).post('/v1/subjects', { name: `Leaf${i}`, parentId: root.id, isPublished: true }).expect(201);
      leaves.push((leaf.body as { id: string }).id);
    }
    // Created in an order that is not the name order, names of mixed case.
    const aspects: string[] = [];
    for (const name of ['zeta', 'Alpha', 'mid', 'beta', 'Omega']) {
      const a = await api(t).as(u).post('/v1/aspects', { name, timeout: '1m', isPublished: true, okRange: [0, 0], criticalRange: [1, 1] });
      if (a.status !== 201) throw new Error(JSON.stringify(a.body));
      aspects.push((a.body as { id: string }).id);
    }
    for (const aspect of aspects) {
      for (const leaf of leaves) {
        await t.dataSource.query(`INSERT INTO samples (subject_id, aspect_id, value, status) VALUES ($1, $2, '1', 'OK')`, [leaf, aspect]);
      }
    }
  }, 60000);

  afterAll(async () => {
    await t?.close();
  });

  const get = (encoding?: string, method = 'GET') =>
    new Promise<{ status: number; encoding?: string; body: Buffer; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: u.token };
      if (encoding) headers['accept-encoding'] = encoding;
      request(`${base}/v1/subjects/Order/hierarchy`, { headers, method }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });

  it("lists every node's samples by aspect name, ignoring case", async () => {
    const plain = await get();
    expect(plain.status).toBe(200);
    const tree = JSON.parse(plain.body.toString('utf8')) as { children: { name: string; samples: { name: string; aspect: { name: string } }[] }[] };
    expect(tree.children).toHaveLength(30);
    for (const node of tree.children) {
      expect(node.samples.map((s) => s.aspect.name)).toEqual(['Alpha', 'beta', 'mid', 'Omega', 'zeta']);
      expect(node.samples.map((s) => s.name)).toEqual(['Alpha', 'beta', 'mid', 'Omega', 'zeta'].map((a) => `Order.${node.name}|${a}`));
    }
  });

  it('answers a browser (gzip, deflate, br) and a gzip-only client with the same JSON', async () => {
    const plain = (await get()).body.toString('utf8');
    const br = await get('gzip, deflate, br');
    expect(br).toMatchObject({ status: 200, encoding: 'br' });
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(plain);
    const gz = await get('gzip');
    expect(gz).toMatchObject({ status: 200, encoding: 'gzip' });
    expect(gunzipSync(gz.body).toString('utf8')).toBe(plain);
    expect(br.body.length).toBeLessThan(plain.length / 5);
  });

  it('sends the headers res.json sent: JSON type with charset, the exact length, none of the body for HEAD', async () => {
    const plain = await get();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['content-length']).toBe(String(plain.body.length));
    expect(plain.headers['transfer-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-store');
    const head = await get(undefined, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(plain.body.length));
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(br.headers['content-length']).toBeUndefined();
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
  });
});
