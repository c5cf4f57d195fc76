import type { TestApp } from './app';

/**
 * A small published tree through the API (so the realtime feed sees it too):
 * `root` with children `A` and `B`, aspects `<root>Cpu` and `<root>Mem` (OK 0–1, Critical 2–9),
 * and a sample on every child per aspect, all OK. Returns the names.
 */
export async function makeTree(t: TestApp, token: string, root: string): Promise<{ root: string; cpu: string; mem: string }> {
  const api = (method: 'post' | 'put', path: string, body: unknown) => t.http()[method](path).set('Authorization', token).send(body as object);
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const res = await p;
    if (res.status >= 300) throw new Error(`setup failed: ${res.status} ${res.text}`);
  };
  await ok(api('post', '/v1/subjects', { name: root, isPublished: true }));
  for (const child of ['A', 'B']) await ok(api('post', `/v1/subjects/${root}/child`, { name: child, isPublished: true, tags: [child === 'A' ? 'east' : 'west'] }));
  const cpu = `${root}Cpu`;
  const mem = `${root}Mem`;
  for (const name of [cpu, mem]) {
    await ok(api('post', '/v1/aspects', { name, isPublished: true, timeout: '1h', valueType: 'NUMERIC', okRange: [0, 1], criticalRange: [2, 9], tags: name === cpu ? ['compute'] : ['storage'] }));
  }
  const samples = ['A', 'B'].flatMap((c) => [cpu, mem].map((a) => ({ name: `${root}.${c}|${a}`, value: '0' })));
  for (const s of samples) await ok(api('post', '/v1/samples/upsert', s));
  return { root, cpu, mem };
}
