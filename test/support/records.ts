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

export async function insertSubject(t: TestApp, name = unique('Subj'), parent?: RecordIds & { path: string }): Promise<RecordIds & { path: string }> {
  const path = parent ? `${parent.path}.${name}` : name;
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, parent_id, is_published, tags, related_links)
     VALUES ($1, $2, $3, true, '{tag0,tag1}', $4::jsonb) RETURNING id::text AS id`,
    [name, path, parent?.id ?? null, LINKS],
  );
  return { id: rows[0].id, name, path };
}

export async function insertAspect(t: TestApp, name = unique('Asp')): Promise<RecordIds> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO aspects (name, timeout, is_published, ok_range, critical_range, value_type, tags, related_links)
     VALUES ($1, '1m', true, '{0,0}', '{1,1}', 'BOOLEAN', '{tag0,tag1}', $2::jsonb) RETURNING id::text AS id`,
    [name, LINKS],
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

/** Makes these users the writers of a record (kind table prefix: subject, aspect, perspective, lens). */
export async function insertWriters(t: TestApp, kind: 'subject' | 'aspect' | 'perspective' | 'lens', recordId: string, userIds: string[]): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO ${kind}_writers (${kind}_id, user_id) SELECT $1::uuid, u FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
    [recordId, userIds],
  );
}
