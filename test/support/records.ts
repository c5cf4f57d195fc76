import { randomBytes } from 'node:crypto';
import * as yazl from 'yazl';
import type { TestApp } from './app';

/** Inserts monitoring records straight into the schema (independent of the resource routes). */
export interface RecordIds {
  id: string;
  name: string;
}

const LINKS = JSON.stringify([
  { name: 'rlink0', url: 'https://example.com/0' },
  { name: 'rlink1', url: 'https://example.com/1' },
]);

/** A valid lens library: a zip with lens.js and lens.json. */
export async function lensLibrary(name: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('console.log("lens");\n'), 'lens.js');
  zip.addBuffer(Buffer.from(JSON.stringify({ name, description: 'A lens', version: '1.0.0' })), 'lens.json');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A subject's parent: a record returned by insertSubject, or any `{ id, path | absolutePath }`. */
export type ParentRef = { id: string } & ({ path: string } | { absolutePath: string });

/** A subject as inserted: `path` and `absolutePath` are the same. */
export interface SubjectRecord extends RecordIds {
  path: string;
  absolutePath: string;
}

/** An aspect as inserted. */
export type AspectRecord = RecordIds;

export interface DescribedOptions {
  /** Default: a unique name. */
  name?: string;
  /** Default true. */
  published?: boolean;
  /** Default ['tag0', 'tag1']. */
  tags?: string[];
  /** Default two links, rlink0 and rlink1. */
  relatedLinks?: { name: string; url: string }[];
}

export interface SubjectOptions extends DescribedOptions {
  /** Default: a root subject. */
  parent?: ParentRef;
}

type Range = number[] | null;

export interface AspectOptions extends DescribedOptions {
  /** Default '1m'. */
  timeout?: string;
  /** Default 'BOOLEAN'. */
  valueType?: 'BOOLEAN' | 'NUMERIC' | 'PERCENT';
  /** The ranges: when none is given, a boolean's (ok [0,0], critical [1,1]); else exactly those given. */
  criticalRange?: Range;
  warningRange?: Range;
  infoRange?: Range;
  okRange?: Range;
}

/** No tags, no related links. */
export const PLAIN = { tags: [], relatedLinks: [] } as const satisfies DescribedOptions;
/** The aspect the sample specs measure with: NUMERIC, timeout 5m, no tags or links (ranges given per test). */
export const NUMERIC_ASPECT = { ...PLAIN, valueType: 'NUMERIC', timeout: '5m' } as const satisfies AspectOptions;

const DEFAULT_TAGS = ['tag0', 'tag1'];

function parentPath(p: ParentRef): string {
  return 'path' in p ? p.path : p.absolutePath;
}

/** Inserts a subject row (see SubjectOptions for the defaults). */
export async function insertSubject(t: TestApp, opts: SubjectOptions = {}): Promise<SubjectRecord> {
  const name = opts.name ?? unique('Subj');
  const path = opts.parent ? `${parentPath(opts.parent)}.${name}` : name;
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, parent_id, is_published, tags, related_links)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id::text AS id`,
    [name, path, opts.parent?.id ?? null, opts.published ?? true, opts.tags ?? DEFAULT_TAGS, opts.relatedLinks ? JSON.stringify(opts.relatedLinks) : LINKS],
  );
  return { id: rows[0].id, name, path, absolutePath: path };
}

/** Inserts many published root subjects (no tags or links) in one statement. */
export async function insertSubjects(t: TestApp, names: string[]): Promise<SubjectRecord[]> {
  const rows: { id: string; name: string }[] = await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, is_published) SELECT n, n, true FROM unnest($1::text[]) AS n RETURNING id::text AS id, name`,
    [names],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, path: r.name, absolutePath: r.name }));
}

/** Inserts an aspect row (see AspectOptions for the defaults). */
export async function insertAspect(t: TestApp, opts: AspectOptions = {}): Promise<AspectRecord> {
  const name = opts.name ?? unique('Asp');
  const given = opts.criticalRange !== undefined || opts.warningRange !== undefined || opts.infoRange !== undefined || opts.okRange !== undefined;
  const range = (r: Range | undefined, dflt: Range): Range => (given ? (r ?? null) : dflt);
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO aspects (name, timeout, value_type, is_published, critical_range, warning_range, info_range, ok_range, tags, related_links)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id::text AS id`,
    [
      name,
      opts.timeout ?? '1m',
      opts.valueType ?? 'BOOLEAN',
      opts.published ?? true,
      range(opts.criticalRange, [1, 1]),
      range(opts.warningRange, null),
      range(opts.infoRange, null),
      range(opts.okRange, [0, 0]),
      opts.tags ?? DEFAULT_TAGS,
      opts.relatedLinks ? JSON.stringify(opts.relatedLinks) : LINKS,
    ],
  );
  return { id: rows[0].id, name };
}

export async function insertLens(t: TestApp, name = unique('Lens')): Promise<RecordIds> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO lenses (name, source_name, library, is_published, metadata)
     VALUES ($1, $1, $2, true, $3::jsonb) RETURNING id::text AS id`,
    [name, await lensLibrary(name), JSON.stringify({ name, description: 'A lens', version: '1.0.0' })],
  );
  return { id: rows[0].id, name };
}

export async function insertPerspective(t: TestApp, name = unique('Persp')): Promise<RecordIds> {
  const lens = await insertLens(t);
  const root = await insertSubject(t);
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO perspectives (name, root_subject, lens_id) VALUES ($1, $2, $3) RETURNING id::text AS id`,
    [name, root.path, lens.id],
  );
  return { id: rows[0].id, name };
}

export async function insertSample(t: TestApp, subjectId: string, aspectId: string, value = '0'): Promise<void> {
  await t.dataSource.query(`INSERT INTO samples (subject_id, aspect_id, value, related_links) VALUES ($1, $2, $3, $4::jsonb)`, [
    subjectId,
    aspectId,
    value,
    LINKS,
  ]);
}

/** The stored sample row of a subject and aspect (raw columns), or undefined. */
export async function sampleRow(t: TestApp, subjectId: string, aspectId: string): Promise<Record<string, unknown> | undefined> {
  const rows: Record<string, unknown>[] = await t.dataSource.query(`SELECT * FROM samples WHERE subject_id = $1 AND aspect_id = $2`, [subjectId, aspectId]);
  return rows[0];
}

/** Makes these users the writers of a record (kind table prefix: subject, aspect, perspective, lens). */
export async function insertWriters(t: TestApp, kind: 'subject' | 'aspect' | 'perspective' | 'lens', recordId: string, userIds: string[]): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO ${kind}_writers (${kind}_id, user_id) SELECT $1::uuid, u FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
    [recordId, userIds],
  );
}
