import { ValidationError } from '../common/errors/api-errors';
import type { HierarchySampleRow } from './subject-hierarchy.repository';
import type { SubjectRow } from './subjects.repository';
import { buildHierarchy, HierarchyNode, parseDepth, parseHierarchyFilters } from './hierarchy';

function subject(id: string, name: string, parentId: string | null, level: number, tags: string[] = []): SubjectRow {
  return { id, name, parentId, hierarchyLevel: level, tags, absolutePath: name } as SubjectRow;
}

function sample(subjectId: string, aspect: string, status: string): HierarchySampleRow {
  return { subjectId, aspectId: aspect, status, messageCode: null, messageBody: null } as unknown as HierarchySampleRow;
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
});
