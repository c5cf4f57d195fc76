import { InvalidFilterParameterError, SchemaValidationError } from '../common/errors/api-errors';
import { JsonChunks } from '../common/json-chunks';
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
  out.aspect = aspect; // last: hierarchyJson relies on it
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

/**
 * `node` as JSON, exactly as `JSON.stringify(node)` writes it, appended to `out` in pieces (no
 * single string of the whole answer). Each sample's aspect, the same object for every sample of
 * that aspect, is serialized once per answer rather than once per sample.
 */
export function hierarchyJson(node: HierarchyNode, out = new JsonChunks()): JsonChunks {
  const aspects = new Map<unknown, string>();
  const writeSample = (sample: Record<string, unknown>) => {
    const aspect = sample.aspect;
    if (aspect === undefined) return out.raw(JSON.stringify(sample));
    let json = aspects.get(aspect);
    if (json === undefined) {
      json = JSON.stringify(aspect);
      aspects.set(aspect, json);
    }
    // `aspect` is the sample's last key (presentSample): the rest, then the aspect's cached text.
    // Set aside while the rest is written (JSON.stringify skips undefined), restored right after.
    sample.aspect = undefined;
    let rest: string;
    try {
      rest = JSON.stringify(sample);
    } finally {
      sample.aspect = aspect;
    }
    out.raw(rest.length > 2 ? `${rest.slice(0, -1)},"aspect":${json}}` : `{"aspect":${json}}`);
  };
  const writeList = (key: 'samples' | 'children', list: unknown[], first: boolean) => {
    out.raw(first ? `"${key}":[` : `,"${key}":[`);
    list.forEach((item, i) => {
      if (i) out.raw(',');
      if (key === 'samples') writeSample(item as Record<string, unknown>);
      else writeNode(item as HierarchyNode);
    });
    out.raw(']');
  };
  const writeNode = (n: HierarchyNode) => {
    const keys = Object.keys(n);
    const last = keys.length - (Array.isArray(n.children) ? 2 : 1);
    if (last >= 0 && keys[last] === 'samples' && Array.isArray(n.samples) && (last === keys.length - 1 || keys[last + 1] === 'children')) {
      // As buildHierarchy makes them: the subject's fields, then samples, then children if any.
      const { samples, children } = n;
      n.samples = undefined as unknown as HierarchyNode['samples'];
      if (children) n.children = undefined;
      let own: string;
      try {
        own = JSON.stringify(n);
      } finally {
        n.samples = samples;
        if (children) n.children = children;
      }
      out.raw(own.slice(0, -1));
      writeList('samples', samples, own.length === 2);
      if (children) writeList('children', children, false);
      out.raw('}');
      return;
    }
    out.raw('{');
    let first = true;
    for (const key of keys) {
      const value = (n as Record<string, unknown>)[key];
      if ((key === 'samples' || key === 'children') && Array.isArray(value)) writeList(key, value as unknown[], first);
      else {
        const json = JSON.stringify(value);
        if (json === undefined) continue; // as JSON.stringify: undefined and functions are left out
        out.raw(`${first ? '' : ','}${JSON.stringify(key)}:${json}`);
      }
      first = false;
    }
    out.raw('}');
  };
  writeNode(node);
  return out;
}
