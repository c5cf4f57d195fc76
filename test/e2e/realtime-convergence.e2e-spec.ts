import fc from 'fast-check';
import { SampleTimeoutJob } from '../../src/samples/sample-timeout.job';
import { createTestApp, TestApp } from '../support/app';
import { adminToken } from '../support/identity';
import { connectFeed, FeedClient, listening } from '../support/realtime';

/**
 * Convergence (LIVE.md §1): a client that loads the hierarchy and applies the events it
 * receives holds what a fresh hierarchy request returns once the changes stop, whatever they
 * were, for several filter sets. Random command sequences through the API (fast-check, fixed
 * seed: a failure prints its seed and path to replay). Compared: every sample of the view
 * (name, status, value, messageCode).
 */
const LEAVES = 4;
const ASPECTS = ['a1', 'a2'];
const FILTER_SETS: Record<string, string>[] = [
  {},
  { status: 'Critical,Warning' },
  { aspect: '-a2' },
  { aspectTags: 'ta' },
  { subjectTags: 'prod' },
  { status: '-OK', aspectTags: '-ta' },
];
const SEED = Number(process.env.CONVERGENCE_SEED ?? 20261130);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 6);

type Cmd =
  | { k: 'upsert'; leaf: number; aspect: number; value: number; code: boolean }
  | { k: 'bulk'; items: { leaf: number; aspect: number; value: number }[] }
  | { k: 'deleteSample'; leaf: number; aspect: number }
  | { k: 'rename'; leaf: number }
  | { k: 'publish'; leaf: number; on: boolean }
  | { k: 'subjectTag'; leaf: number; on: boolean }
  | { k: 'ranges'; aspect: number; critical: number }
  | { k: 'aspectTag'; aspect: number; on: boolean }
  | { k: 'timeout'; leaf: number }
  | { k: 'deleteLeaf'; leaf: number };

const leaf = fc.integer({ min: 0, max: LEAVES - 1 });
const aspect = fc.integer({ min: 0, max: ASPECTS.length - 1 });
const value = fc.integer({ min: 0, max: 100 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('upsert' as const), leaf, aspect, value, code: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('bulk' as const), items: fc.array(fc.record({ leaf, aspect, value }), { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteSample' as const), leaf, aspect }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rename' as const), leaf }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('publish' as const), leaf, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('subjectTag' as const), leaf, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('ranges' as const), aspect, critical: fc.integer({ min: 10, max: 95 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('aspectTag' as const), aspect, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('timeout' as const), leaf }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteLeaf' as const), leaf }) },
);

type View = Map<string, string>;

/** The samples of a hierarchy answer: lower-cased name → status/value/messageCode. */
function flatten(node: Record<string, unknown>, out: View = new Map()): View {
  for (const s of (node.samples ?? []) as Record<string, unknown>[]) out.set(String(s.name).toLowerCase(), summary(s));
  for (const c of (node.children ?? []) as Record<string, unknown>[]) flatten(c, out);
  return out;
}

function summary(s: Record<string, unknown>): string {
  return `${String(s.status)}/${String(s.value)}/${String(s.messageCode ?? '')}`;
}

/** A client's copy of the view, kept from the events. */
function apply(view: View, name: string, data: Record<string, unknown>): void {
  const payload = data[name] as Record<string, unknown>;
  const short = name.replace('refocus.internal.realtime.', '');
  if (short === 'sample.add') view.set(String(payload.name).toLowerCase(), summary(payload));
  else if (short === 'sample.update') {
    const s = payload.new as Record<string, unknown>;
    view.set(String(s.name).toLowerCase(), summary(s));
  } else if (short === 'sample.remove') view.delete(String(payload.name).toLowerCase());
}

describe('Realtime convergence (fast-check property)', () => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let names: string[];
  let renames = 0;
  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: unknown) =>
    t.http()[method](path).set('Authorization', admin).send(body as object);

  beforeAll(async () => {
    t = await createTestApp();
    base = await listening(t);
    admin = await adminToken(t);
    await api('post', '/v1/subjects', { name: 'R', isPublished: true }).expect(201);
    names = [];
    for (let i = 0; i < LEAVES; i++) {
      names.push(`S${i}`);
      await api('post', '/v1/subjects/R/child', { name: `S${i}`, isPublished: true, tags: i % 2 ? ['prod'] : [] }).expect(201);
    }
    for (const [i, name] of ASPECTS.entries()) {
      await api('post', '/v1/aspects', {
        name, timeout: '1m', isPublished: true, valueType: 'NUMERIC', criticalRange: [80, 100], warningRange: [50, 79], okRange: [0, 49], tags: i ? ['ta'] : [],
      }).expect(201);
    }
  });
  afterAll(() => t.close());

  const sampleName = (l: number, a: number) => `R.${names[l]}|${ASPECTS[a]}`;

  async function run(c: Cmd): Promise<void> {
    const path = (l: number) => `R.${names[l]}`;
    switch (c.k) {
      case 'upsert':
        await api('post', '/v1/samples/upsert', { name: sampleName(c.leaf, c.aspect), value: String(c.value), ...(c.code ? { messageCode: `C${c.value % 7}` } : {}) });
        return;
      case 'bulk':
        await api('post', '/v1/samples/upsert/bulk', c.items.map((i) => ({ name: sampleName(i.leaf, i.aspect), value: String(i.value) })));
        return;
      case 'deleteSample':
        await api('delete', `/v1/samples/${sampleName(c.leaf, c.aspect)}`);
        return;
      case 'rename': {
        const next = `S${c.leaf}r${++renames}`;
        if ((await api('patch', `/v1/subjects/${path(c.leaf)}`, { name: next })).status === 200) names[c.leaf] = next;
        return;
      }
      case 'publish':
        await api('patch', `/v1/subjects/${path(c.leaf)}`, { isPublished: c.on });
        return;
      case 'subjectTag':
        await (c.on ? api('patch', `/v1/subjects/${path(c.leaf)}`, { tags: ['prod'] }) : api('delete', `/v1/subjects/${path(c.leaf)}/tags/prod`));
        return;
      case 'ranges':
        await api('patch', `/v1/aspects/${ASPECTS[c.aspect]}`, { criticalRange: [c.critical, 100], warningRange: [Math.floor(c.critical / 2), c.critical - 1], okRange: [0, Math.floor(c.critical / 2) - 1] });
        return;
      case 'aspectTag':
        await (c.on ? api('patch', `/v1/aspects/${ASPECTS[c.aspect]}`, { tags: ['ta'] }) : api('delete', `/v1/aspects/${ASPECTS[c.aspect]}/tags/ta`));
        return;
      case 'timeout':
        await t.dataSource.query(`UPDATE samples SET updated_at = now() - interval '2 minutes' WHERE subject_id = (SELECT id FROM subjects WHERE lower(absolute_path) = lower($1))`, [path(c.leaf)]);
        await t.app.get(SampleTimeoutJob).runOnce();
        return;
      case 'deleteLeaf': {
        if ((await api('delete', `/v1/subjects/${path(c.leaf)}`)).status !== 200) return;
        await api('post', '/v1/subjects/R/child', { name: names[c.leaf], isPublished: true });
        return;
      }
    }
  }

  const hierarchy = async (filters: Record<string, string>) =>
    flatten((await api('get', `/v1/subjects/R/hierarchy?${new URLSearchParams(filters).toString()}`).expect(200)).body as Record<string, unknown>);

  it('every client view equals a fresh hierarchy after each random sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 12 }), async (cmds) => {
        const clients: { filters: Record<string, string>; view: View; client: FeedClient }[] = [];
        try {
          for (const filters of FILTER_SETS) {
            const client = await connectFeed(base, { query: { root: 'r', ...filters }, token: admin });
            const view = await hierarchy(filters);
            client.socket.onAny((name: string, data: string) => apply(view, name, JSON.parse(data) as Record<string, unknown>));
            clients.push({ filters, view, client });
          }
          for (const c of cmds) await run(c);
          for (const { filters, view } of clients) {
            const deadline = Date.now() + 5000;
            let fresh = await hierarchy(filters);
            while (JSON.stringify([...view].sort()) !== JSON.stringify([...fresh].sort()) && Date.now() < deadline) {
              await new Promise((r) => setTimeout(r, 100));
              fresh = await hierarchy(filters);
            }
            expect({ filters, view: Object.fromEntries([...view].sort()) }).toEqual({ filters, view: Object.fromEntries([...fresh].sort()) });
          }
        } finally {
          for (const { client } of clients) client.close();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 180_000);
});
