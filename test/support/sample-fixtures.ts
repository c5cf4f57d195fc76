import type { TestApp } from './app';

/** A subject row inserted directly (samples tests do not depend on the subjects routes). */
export interface SubjectFixture {
  id: string;
  absolutePath: string;
}

/** An aspect row inserted directly. */
export interface AspectFixture {
  id: string;
  name: string;
}

export interface AspectOptions {
  timeout?: string;
  published?: boolean;
  valueType?: 'BOOLEAN' | 'NUMERIC' | 'PERCENT';
  criticalRange?: number[] | null;
  warningRange?: number[] | null;
  infoRange?: number[] | null;
  okRange?: number[] | null;
}

/** Inserts a subject `name` under `parent` (absolute path) or as a root. */
export async function insertSubject(t: TestApp, name: string, opts: { parent?: SubjectFixture; published?: boolean } = {}): Promise<SubjectFixture> {
  const absolutePath = opts.parent ? `${opts.parent.absolutePath}.${name}` : name;
  const rows = (await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, parent_id, is_published) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
    [name, absolutePath, opts.parent?.id ?? null, opts.published ?? true],
  )) as { id: string }[];
  return { id: rows[0].id, absolutePath };
}

/** Inserts many published root subjects in one statement. */
export async function insertSubjects(t: TestApp, names: string[]): Promise<SubjectFixture[]> {
  const rows = (await t.dataSource.query(
    `INSERT INTO subjects (name, absolute_path, is_published) SELECT n, n, true FROM unnest($1::text[]) AS n
     RETURNING id::text AS id, absolute_path`,
    [names],
  )) as { id: string; absolute_path: string }[];
  return rows.map((r) => ({ id: r.id, absolutePath: r.absolute_path }));
}

/** Inserts an aspect (published, NUMERIC, timeout 5m unless told otherwise). */
export async function insertAspect(t: TestApp, name: string, opts: AspectOptions = {}): Promise<AspectFixture> {
  const rows = (await t.dataSource.query(
    `INSERT INTO aspects (name, timeout, value_type, is_published, critical_range, warning_range, info_range, ok_range)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
    [
      name,
      opts.timeout ?? '5m',
      opts.valueType ?? 'NUMERIC',
      opts.published ?? true,
      opts.criticalRange ?? null,
      opts.warningRange ?? null,
      opts.infoRange ?? null,
      opts.okRange ?? null,
    ],
  )) as { id: string }[];
  return { id: rows[0].id, name };
}

/** Makes `userIds` the writers of an aspect. */
export async function addAspectWriters(t: TestApp, aspectId: string, userIds: string[]): Promise<void> {
  await t.dataSource.query(`INSERT INTO aspect_writers (aspect_id, user_id) SELECT $1::uuid, u FROM unnest($2::uuid[]) AS u`, [aspectId, userIds]);
}

/** The stored sample row of a subject and aspect (raw columns), or undefined. */
export async function sampleRow(t: TestApp, subjectId: string, aspectId: string): Promise<Record<string, unknown> | undefined> {
  const rows = (await t.dataSource.query(`SELECT * FROM samples WHERE subject_id = $1 AND aspect_id = $2`, [subjectId, aspectId])) as Record<
    string,
    unknown
  >[];
  return rows[0];
}
