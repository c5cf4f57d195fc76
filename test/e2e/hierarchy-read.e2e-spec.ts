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
  let oddId: string;

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
    // Samples whose text needs escaping, null and non-null messages, empty and non-empty links.
    const text = (await api(t).as(u).post('/v1/subjects', { name: 'Text', isPublished: true }).expect(201)).body as { id: string };
    const odd = (await api(t).as(u).post('/v1/subjects', { name: 'Odd', parentId: text.id, isPublished: true }).expect(201)).body as { id: string };
    oddId = odd.id;
    const values = ['a "quoted" \\ back', 'line\nbreak\ttab\r\b\f', '\u0001\u001f\u007f', 'é ✓ \u2028\u2029 😀', ''];
    for (const [i, aspect] of aspects.entries()) {
      await t.dataSource.query(
        `INSERT INTO samples (subject_id, aspect_id, value, status, previous_status, status_changed_at, message_code, message_body, related_links, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'Invalid', '2026-12-01T01:02:03.045Z', $5, $6, $7, '2026-11-30T23:59:59.999Z', '2026-12-01T00:00:00.100Z')`,
        [
          odd.id,
          aspect,
          values[i],
          i % 2 ? 'Critical' : 'st"\\\n',
          i % 2 ? null : `c${i}"`,
          i === 1 ? null : `body ${values[i]}`,
          JSON.stringify(i % 2 ? [] : [{ name: `l"${i}`, url: 'http://x/\u0001é' }]),
        ],
      );
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

  it('writes each sample as JSON.stringify wrote the sample object (the text PostgreSQL makes)', async () => {
    const res = await api(t).as(u).get('/v1/subjects/Text/hierarchy').expect(200);
    const text = res.text;
    // Re-serialized identically: the body is exactly what JSON.stringify makes of its value.
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    const tree = JSON.parse(text) as { children: { samples: Record<string, unknown>[] }[] };
    const got = tree.children[0].samples;
    const rows = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT sm.*, a.name AS aspect_name FROM samples sm JOIN aspects a ON a.id = sm.aspect_id WHERE sm.subject_id = $1 ORDER BY lower(a.name)`,
      [oddId],
    );
    expect(got).toHaveLength(5);
    rows.forEach((r, i) => {
      const iso = (d: unknown) => (d as Date).toISOString();
      const before: Record<string, unknown> = {
        name: `Text.Odd|${String(r.aspect_name)}`,
        value: r.value,
        status: r.status,
        previousStatus: r.previous_status,
        statusChangedAt: iso(r.status_changed_at),
      };
      if (r.message_code !== null) before.messageCode = r.message_code;
      if (r.message_body !== null) before.messageBody = r.message_body;
      Object.assign(before, { relatedLinks: r.related_links, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), subjectId: r.subject_id, aspectId: r.aspect_id });
      before.aspect = got[i].aspect;
      // Same keys in the same order, same values.
      expect(JSON.stringify(got[i])).toBe(JSON.stringify(before));
    });
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

  it('answers requests at the same time and one after another alike (the blocks are reused once sent)', async () => {
    const plain = (await get()).body.toString('utf8');
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(['gzip, deflate, br', undefined, 'gzip', 'gzip, deflate, br', undefined].map((e) => get(e)));
      for (const a of answers) {
        const body = a.encoding === 'br' ? brotliDecompressSync(a.body) : a.encoding === 'gzip' ? gunzipSync(a.body) : a.body;
        expect(body.toString('utf8')).toBe(plain);
      }
    }
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
