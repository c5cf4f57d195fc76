import { ValidationError } from '../common/errors/api-errors';
import type { HierarchySample } from './subject-hierarchy.repository';
import type { SubjectRow } from './subjects.repository';
import { JsonChunks } from '../common/json-chunks';
import { buildHierarchy, HierarchyNode, hierarchyJson, parseDepth, parseHierarchyFilters } from './hierarchy';

function subject(id: string, name: string, parentId: string | null, level: number, tags: string[] = []): SubjectRow {
  return { id, name, parentId, hierarchyLevel: level, tags, absolutePath: name } as SubjectRow;
}

/** A HierarchySample as copyOut leaves it: head and tail in a block among other bytes. */
function copied(subjectId: string, aspectId: string, status: string, head: string, links: string | null, tail: string): HierarchySample {
  const before = Buffer.from(`${subjectId}\u001f${aspectId}\u001f${status}\u001f`);
  const h = Buffer.from(head);
  const text = Buffer.concat([before, h, Buffer.from('\u001f\u001f'), Buffer.from(tail), Buffer.from('\n')]);
  const at = before.length + h.length + 2;
  return { subjectId, aspectId, status, text, head: before.length, headEnd: before.length + h.length, links, tail: at, end: at + Buffer.byteLength(tail) };
}

function sample(subjectId: string, aspect: string, status: string): HierarchySample {
  return copied(subjectId, aspect, status, '{', null, '');
}

/** A sample as the database stores it (the test's input). */
interface StoredSample {
  subjectId: string;
  aspectId: string;
  value: string;
  status: string;
  previousStatus: string;
  statusChangedAt: string;
  messageCode: string | null;
  messageBody: string | null;
  relatedLinks: unknown[];
  createdAt: string;
  updatedAt: string;
}

/** The sample object the hierarchy answered before its samples became text (the reference for the bytes). */
function presentedBefore(s: StoredSample, subjectPath: string, aspect: object): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: `${subjectPath}|${(aspect as { name: string }).name}`,
    value: s.value,
    status: s.status,
    previousStatus: s.previousStatus,
    statusChangedAt: s.statusChangedAt,
  };
  if (s.messageCode !== null) out.messageCode = s.messageCode;
  if (s.messageBody !== null) out.messageBody = s.messageBody;
  Object.assign(out, { relatedLinks: s.relatedLinks, createdAt: s.createdAt, updatedAt: s.updatedAt, subjectId: s.subjectId, aspectId: s.aspectId, aspect });
  return out;
}

/** The HierarchySample PostgreSQL writes for `s` (SAMPLE_COLUMNS, in JavaScript; the e2e test checks the SQL itself). */
function asText(s: StoredSample, subjectPath: string, aspectName: string): HierarchySample {
  const j = JSON.stringify;
  const empty = s.relatedLinks.length === 0;
  const head =
    `{"name":${j(`${subjectPath}|${aspectName}`)},"value":${j(s.value)},"status":${j(s.status)},"previousStatus":${j(s.previousStatus)}` +
    `,"statusChangedAt":"${s.statusChangedAt}"` +
    (s.messageCode === null ? '' : `,"messageCode":${j(s.messageCode)}`) +
    (s.messageBody === null ? '' : `,"messageBody":${j(s.messageBody)}`) +
    (empty ? ',"relatedLinks":[]' : ',"relatedLinks":');
  const tail = `,"createdAt":"${s.createdAt}","updatedAt":"${s.updatedAt}","subjectId":"${s.subjectId}","aspectId":"${s.aspectId}","aspect":`;
  return copied(s.subjectId, s.aspectId, s.status, head, empty ? null : JSON.stringify(s.relatedLinks), tail);
}

const aspects = [
  { id: 'cpu', name: 'cpu', tags: ['hw'] },
  { id: 'mem', name: 'mem', tags: [] },
];

const present = (r: SubjectRow) => ({ name: r.name });
const names = (n: HierarchyNode | undefined) => (n?.children ?? []).map((c) => c.name);

describe('hierarchy helpers', () => {
  const rows = [subject('r', 'R', null, 0), subject('a', 'A', 'r', 1, ['x']), subject('b', 'B', 'r', 1), subject('c', 'C', 'a', 2)];
  const samples = [sample('c', 'cpu', 'Critical'), sample('b', 'mem', 'OK')];

  it('parses depth and refuses negatives and junk', () => {
    expect(parseDepth(undefined)).toBe(0);
    expect(parseDepth('3')).toBe(3);
    for (const bad of ['-1', 'x', '1.5']) expect(() => parseDepth(bad)).toThrow(ValidationError);
  });

  it('refuses mixed include and exclude', () => {
    expect(() => parseHierarchyFilters({ status: 'OK,-Critical' })).toThrow(ValidationError);
    expect(parseHierarchyFilters({ aspect: '-CPU' }).aspect).toEqual({ include: false, values: new Set(['cpu']) });
  });

  it('assembles the tree sorted by name, leaves without children', () => {
    const tree = buildHierarchy(rows[0], rows, samples, aspects, {}, present);
    expect(names(tree)).toEqual(['A', 'B']);
    expect(names(tree.children![0])).toEqual(['C']);
    expect(tree.children![1].children).toBeUndefined();
    expect(tree.children![1].samples).toHaveLength(1);
  });

  it('drops nodes without a kept sample under an include filter, keeping ancestors of survivors', () => {
    const tree = buildHierarchy(rows[0], rows, samples, aspects, parseHierarchyFilters({ status: 'critical' }), present);
    expect(names(tree)).toEqual(['A']);
    expect(names(tree.children![0])).toEqual(['C']);
  });

  it('subjectTags any-of and none-of', () => {
    expect(names(buildHierarchy(rows[0], rows, samples, aspects, parseHierarchyFilters({ subjectTags: 'X' }), present))).toEqual(['A']);
    expect(names(buildHierarchy(rows[0], rows, samples, aspects, parseHierarchyFilters({ subjectTags: '-x' }), present))).toEqual(['A', 'B']);
  });

  it('writes the tree as JSON.stringify wrote it with sample objects, in pieces', () => {
    const full = (subjectId: string, aspectId: string, status: string, extra: Partial<StoredSample> = {}): StoredSample => ({
      subjectId,
      aspectId,
      value: '4"2\\',
      status,
      previousStatus: 'OK',
      statusChangedAt: '2026-12-01T00:00:00.000Z',
      messageCode: null,
      messageBody: null,
      relatedLinks: subjectId === 'b' ? [] : [{ name: 'é\u2028', url: 'http://x/\u0001' }],
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:01.000Z',
      ...extra,
    });
    const rich = [
      { id: 'cpu', name: 'cpu', tags: ['hw'], criticalRange: [0, 1.5], description: 'a "quoted" \n line' },
      { id: 'mem', name: 'mem', tags: [] },
    ];
    const presentRich = (r: SubjectRow) => ({ name: r.name, absolutePath: r.absolutePath, tags: r.tags, description: undefined, helpUrl: null as unknown as string });
    const many = [
      ...rows,
      ...Array.from({ length: 1500 }, (_, i) => subject(`l${i}`, `L${String(i).padStart(4, '0')}`, 'c', 3, ['t'])),
    ];
    const stored = [
      full('c', 'cpu', 'Critical', { messageCode: '12345', messageBody: 'body ✓' }),
      full('b', 'mem', 'OK'),
      ...many.slice(4).flatMap((r) => [full(r.id, 'cpu', 'Warning'), full(r.id, 'mem', 'OK', { messageBody: 'm' })]),
    ];
    const pathOf = new Map(many.map((r) => [r.id, r.absolutePath]));
    const aspectOf = new Map(rich.map((a) => [a.id, a]));
    const texts = stored.map((x) => asText(x, pathOf.get(x.subjectId)!, aspectOf.get(x.aspectId)!.name));
    const storedOf = new Map(texts.map((t, i) => [t, stored[i]]));
    // The same tree with the samples as the objects answered before: JSON.stringify of it is the reference.
    const before = (n: HierarchyNode): unknown => ({
      ...n,
      samples: n.samples.map((t) => presentedBefore(storedOf.get(t)!, pathOf.get(t.subjectId)!, aspectOf.get(t.aspectId)!)),
      ...(n.children ? { children: n.children.map(before) } : {}),
    });
    const pieces = [{}, parseHierarchyFilters({ status: 'critical' }), parseHierarchyFilters({ aspect: 'nothing' })].map((filters) => {
      const tree = buildHierarchy(many[0], many, texts, rich, filters, presentRich);
      const chunks = hierarchyJson(tree).take();
      expect(Buffer.concat(chunks).toString('utf8')).toBe(JSON.stringify(before(tree)));
      return chunks.length;
    });
    expect(pieces[0]).toBeGreaterThan(1);
    const wrapped = new JsonChunks().raw('{"hierarchy":');
    const tree = buildHierarchy(many[0], many, texts, rich, parseHierarchyFilters({ status: 'critical' }), presentRich);
    hierarchyJson(tree, wrapped).raw(',"aspects":[]}');
    expect(JSON.parse(Buffer.concat(wrapped.take()).toString('utf8'))).toEqual({ hierarchy: JSON.parse(JSON.stringify(before(tree))), aspects: [] });
  });
});
