import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

/** Inserts monitoring records straight into the schema (independent of the resource routes). */
export interface RecordIds {
  id: string;
  name: string;
}

function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export async function insertSubject(t: TestApp, name = unique('Subj'), parent?: RecordIds & { path: string }): Promise<RecordIds & { path: string }> {
  const path = parent ? `${parent.path}.${name}` : name;
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, parent_id, is_published) VALUES ($1, $2, $3, true) RETURNING id::text AS id`,
    [name, path, parent?.id ?? null],
  );
  return { id: rows[0].id, name, path };
}

export async function insertAspect(t: TestApp, name = unique('Asp')): Promise<RecordIds> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO aspects (name, timeout, is_published, ok_range, critical_range, value_type)
     VALUES ($1, '1m', true, '{0,0}', '{1,1}', 'BOOLEAN') RETURNING id::text AS id`,
    [name],
  );
  return { id: rows[0].id, name };
}

export async function insertLens(t: TestApp, name = unique('Lens')): Promise<RecordIds> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO lenses (name, source_name, library, is_published) VALUES ($1, $1, '\\x00'::bytea, true) RETURNING id::text AS id`,
    [name],
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
  await t.dataSource.query(`INSERT INTO samples (subject_id, aspect_id, value) VALUES ($1, $2, $3)`, [subjectId, aspectId, value]);
}

/** Makes these users the writers of a record (kind table prefix: subject, aspect, perspective, lens). */
export async function insertWriters(t: TestApp, kind: 'subject' | 'aspect' | 'perspective' | 'lens', recordId: string, userIds: string[]): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO ${kind}_writers (${kind}_id, user_id) SELECT $1::uuid, u FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
    [recordId, userIds],
  );
}
