import { InvalidFilterParameterError, SchemaValidationError } from '../common/errors/api-errors';
import { csv, queryValue } from '../common/list-query';
import type { HierarchyAspect, HierarchySampleRow } from './subject-hierarchy.repository';
import type { SubjectResponse } from './subject.presenter';
import type { SubjectRow } from './subjects.repository';

/** One hierarchy filter: include (keep listed) or exclude (drop listed); values lower-cased. */
export interface HierarchyFilter {
  include: boolean;
  values: Set<string>;
}

export interface HierarchyFilters {
  aspect?: HierarchyFilter;
  aspectTags?: HierarchyFilter;
  subjectTags?: HierarchyFilter;
  status?: HierarchyFilter;
}

/** A node of GET /v1/subjects/{key}/hierarchy: the subject (with the fields asked for), its samples and kept children. */
export type HierarchyNode = Partial<SubjectResponse> & { children?: HierarchyNode[]; samples: Record<string, unknown>[] };

/** `?depth=`: an integer ≥ 0 (0 or absent = unlimited); anything else → 400 as in the original. */
export function parseDepth(raw: unknown): number {
  if (raw === undefined) return 0;
  const v = queryValue('depth', raw).trim();
  if (!/^-?\d+$/.test(v)) {
    throw new SchemaValidationError({
      message: `Request validation failed: Parameter (depth) is not a valid integer: ${v}`,
      source: 'depth',
      value: v,
    });
  }
  const n = Number(v);
  if (n < 0) {
    throw new SchemaValidationError({
      message: `Request validation failed: Parameter (depth) is less than the configured minimum (0): ${v}`,
      source: 'depth',
      value: v,
    });
  }
  return Math.min(n, 100000);
}

/** A comma list of plain (include) or `-x` (exclude) items; mixing both → 400 InvalidFilterParameterError. */
export function parseHierarchyFilter(name: string, raw: unknown): HierarchyFilter | undefined {
  if (raw === undefined) return undefined;
  const items = csv(queryValue(name, raw));
  if (!items.length) return undefined;
  const excluded = items.filter((i) => i.startsWith('-'));
  if (excluded.length && excluded.length !== items.length) {
    throw new InvalidFilterParameterError({
      message: `Filter ${name} must either include or exclude values, not both`,
      source: name,
      value: items.join(','),
    });
  }
  const include = excluded.length === 0;
  return { include, values: new Set(items.map((i) => (include ? i : i.slice(1)).toLowerCase())) };
}

export function parseHierarchyFilters(query: Record<string, unknown>): HierarchyFilters {
  return {
    aspect: parseHierarchyFilter('aspect', query.aspect),
    aspectTags: parseHierarchyFilter('aspectTags', query.aspectTags),
    subjectTags: parseHierarchyFilter('subjectTags', query.subjectTags),
    status: parseHierarchyFilter('status', query.status),
  };
}

/** Does a filter pass `values` (any listed for include, none listed for exclude)? */
export function passes(filter: HierarchyFilter | undefined, values: readonly string[]): boolean {
  if (!filter) return true;
  const hit = values.some((v) => filter.values.has(v.toLowerCase()));
  return filter.include ? hit : !hit;
}

function keepSample(s: HierarchySampleRow, aspect: HierarchyAspect, f: HierarchyFilters): boolean {
  return passes(f.aspect, [aspect.name]) && passes(f.status, [s.status]) && passes(f.aspectTags, aspect.tags ?? []);
}

function presentSample(s: HierarchySampleRow, subjectPath: string, aspect: HierarchyAspect): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: `${subjectPath}|${aspect.name}`,
    value: s.value,
    status: s.status,
    previousStatus: s.previousStatus,
    statusChangedAt: s.statusChangedAt,
  };
  if (s.messageCode !== null) out.messageCode = s.messageCode;
  if (s.messageBody !== null) out.messageBody = s.messageBody;
  out.relatedLinks = s.relatedLinks;
  out.createdAt = s.createdAt;
  out.updatedAt = s.updatedAt;
  out.subjectId = s.subjectId;
  out.aspectId = s.aspectId;
  out.aspect = aspect;
  return out;
}

/**
 * Assembles the tree in memory from the subtree's subjects and samples (two set queries).
 * A node stays when it qualifies on subjectTags and (keeps a sample or no include filter on
 * samples is set), or when a descendant stays; the root always stays.
 */
export function buildHierarchy(
  root: SubjectRow,
  subjects: readonly SubjectRow[],
  samples: readonly HierarchySampleRow[],
  aspects: readonly HierarchyAspect[],
  filters: HierarchyFilters,
  present: (row: SubjectRow) => Partial<SubjectResponse>,
): HierarchyNode {
  const aspectOf = new Map(aspects.map((a) => [a.id, a]));
  const pathOf = new Map(subjects.map((r) => [r.id, r.absolutePath]));
  const samplesOf = new Map<string, Record<string, unknown>[]>();
  for (const s of samples) {
    const aspect = aspectOf.get(s.aspectId);
    const path = pathOf.get(s.subjectId);
    if (!aspect || path === undefined || !keepSample(s, aspect, filters)) continue;
    const list = samplesOf.get(s.subjectId) ?? [];
    list.push(presentSample(s, path, aspect));
    samplesOf.set(s.subjectId, list);
  }
  const needsSamples = [filters.aspect, filters.aspectTags, filters.status].some((f) => f?.include);
  const childrenOf = new Map<string, HierarchyNode[]>();
  // Deepest first, so every node's kept children are known when it is decided.
  const ordered = [...subjects].sort((a, b) => b.hierarchyLevel - a.hierarchyLevel || b.name.localeCompare(a.name));
  let rootNode: HierarchyNode | undefined;
  for (const row of ordered) {
    const own = samplesOf.get(row.id) ?? [];
    const children = (childrenOf.get(row.id) ?? []).reverse();
    const qualifies = passes(filters.subjectTags, row.tags) && (own.length > 0 || !needsSamples);
    const isRoot = row.id === root.id;
    if (!isRoot && !qualifies && children.length === 0) continue;
    const node: HierarchyNode = { ...present(row), samples: own };
    if (children.length) node.children = children;
    if (isRoot) rootNode = node;
    else if (row.parentId) {
      const siblings = childrenOf.get(row.parentId) ?? [];
      siblings.push(node);
      childrenOf.set(row.parentId, siblings);
    }
  }
  return rootNode ?? { ...present(root), samples: [] };
}
