import { InvalidFilterParameterError, SchemaValidationError } from '../common/errors/api-errors';
import { JsonChunks } from '../common/json-chunks';
import { csv, queryValue } from '../common/list-query';
import type { HierarchyAspect, HierarchySample } from './subject-hierarchy.repository';
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

/**
 * A node of GET /v1/subjects/{key}/hierarchy: the subject (with the fields asked for), its
 * samples (as JSON text, written by hierarchyJson) and kept children.
 */
export type HierarchyNode = Partial<SubjectResponse> & { children?: HierarchyNode[]; samples: HierarchySample[] };

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

function keepSample(s: HierarchySample, aspect: HierarchyAspect, f: HierarchyFilters): boolean {
  return passes(f.aspect, [aspect.name]) && passes(f.status, [s.status]) && passes(f.aspectTags, aspect.tags ?? []);
}

/**
 * Assembles the tree in memory from the subtree's subjects and samples (two set queries).
 * A node stays when it qualifies on subjectTags and (keeps a sample or no include filter on
 * samples is set), or when a descendant stays; the root always stays.
 */
export function buildHierarchy(
  root: SubjectRow,
  subjects: readonly SubjectRow[],
  samples: readonly HierarchySample[],
  aspects: readonly HierarchyAspect[],
  filters: HierarchyFilters,
  present: (row: SubjectRow) => Partial<SubjectResponse>,
): HierarchyNode {
  // Each aspect's JSON (and the sample's closing brace) once per answer, shared by its samples.
  const aspectOf = new Map(aspects.map((a) => [a.id, { aspect: a, json: Buffer.from(`${JSON.stringify(a)}}`) }]));
  const samplesOf = new Map<string, HierarchySample[]>(subjects.map((r) => [r.id, []]));
  for (const s of samples) {
    const a = aspectOf.get(s.aspectId);
    const list = samplesOf.get(s.subjectId);
    if (!a || !list || !keepSample(s, a.aspect, filters)) continue;
    s.aspectJson = a.json;
    list.push(s);
  }
  const needsSamples = [filters.aspect, filters.aspectTags, filters.status].some((f) => f?.include);
  const childrenOf = new Map<string, HierarchyNode[]>();
  // Deepest first, so every node's kept children are known when it is decided.
  const ordered = [...subjects].sort((a, b) => b.hierarchyLevel - a.hierarchyLevel || b.name.localeCompare(a.name));
  let rootNode: HierarchyNode | undefined;
  for (const row of ordered) {
    const own = samplesOf.get(row.id)!;
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

/** The separator of the samples, as bytes. */
const COMMA = Buffer.from(',');

/**
 * `node` as JSON, exactly as `JSON.stringify` wrote the tree when its samples were objects,
 * appended to `out` in pieces (no single string of the whole answer). The samples are copied
 * from the bytes PostgreSQL wrote (HierarchySample), without a JavaScript string or object of
 * their JSON.
 */
export function hierarchyJson(node: HierarchyNode, out = new JsonChunks()): JsonChunks {
  const writeSample = (s: HierarchySample) => {
    out.bytes(s.text, s.head, s.headEnd);
    if (s.links !== null) out.raw(s.links);
    out.bytes(s.text, s.tail, s.end);
    out.bytes(s.aspectJson!);
  };
  const writeList = (key: 'samples' | 'children', list: unknown[], first: boolean) => {
    out.raw(first ? `"${key}":[` : `,"${key}":[`);
    list.forEach((item, i) => {
      if (key === 'samples') {
        if (i) out.bytes(COMMA);
        writeSample(item as HierarchySample);
      } else {
        if (i) out.raw(',');
        writeNode(item as HierarchyNode);
      }
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
