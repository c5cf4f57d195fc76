import type { SampleRelatedLink } from '../sample.entity';
import type { SampleStatus } from '../status';
import { UPSERT_HISTORY_CTE, UPSERT_HISTORY_RETURNING } from '../../history/history-sql';

/**
 * One sample to write by upsert. `value`/`status` null → keep the stored ones (a new sample
 * gets "" / Invalid); `messageCode`/`messageBody` null → keep; `relatedLinks` null → keep
 * (new: []). The status is computed in memory by the caller (computeStatus).
 */
export interface UpsertRow {
  subjectId: string;
  aspectId: string;
  value: string | null;
  status: SampleStatus | null;
  messageCode: string | null;
  messageBody: string | null;
  relatedLinks: SampleRelatedLink[] | null;
}

/** Which optional parts a group of rows carries; each combination is one statement shape. */
interface Shape {
  value: boolean;
  links: boolean;
  /** Some row has a messageCode or messageBody (otherwise both are constant NULL: kept). */
  messages: boolean;
}

/**
 * The CTEs of the upsert for one shape, ending in `upserted` (the rows after) and, when
 * `before` (someone reads what each row was: the realtime feed), `prev` (the same rows before;
 * absent for an insert). Other CTEs (status history, …) may be appended: they read `upserted`
 * only, whose RETURNING has what they need either way.
 * `prev` locks the existing rows in key order and is read before the INSERT runs (an InitPlan
 * of its WHERE), so that "before" is the committed row this statement then updates. Without a
 * reader of "before" there is no `prev`: the upsert alone locks the rows, in the same key order.
 * The DO UPDATE implements the status transitions of REFOCUS-REFERENCE.md §5 against the stored row: a
 * changed status moves the old one to previous_status and stamps status_changed_at; the same
 * status keeps both; updated_at is always now.
 * Parameters: $1 subject ids, $2 aspect ids, $3 values, $4 statuses, $5 created_by, then
 * related links (JSON texts) when the shape has them, then message codes and bodies when it has
 * them (a shape without them passes constant NULLs, which the DO UPDATE reads as "keep").
 */
function upsertCtes(shape: Shape, before: boolean): string {
  const sets = ['updated_at = EXCLUDED.updated_at'];
  if (shape.messages) {
    sets.push('message_code = COALESCE(EXCLUDED.message_code, s.message_code)', 'message_body = COALESCE(EXCLUDED.message_body, s.message_body)');
  }
  if (shape.value) {
    sets.push(
      'value = EXCLUDED.value',
      'status = EXCLUDED.status',
      'previous_status = CASE WHEN s.status = EXCLUDED.status THEN s.previous_status ELSE s.status END',
      'status_changed_at = CASE WHEN s.status = EXCLUDED.status THEN s.status_changed_at ELSE EXCLUDED.status_changed_at END',
    );
  }
  if (shape.links) sets.push('related_links = EXCLUDED.related_links');
  const arrays = ['$1::uuid[]', '$2::uuid[]', '$3::text[]', '$4::text[]'];
  const columns = ['subject_id', 'aspect_id', 'value', 'status'];
  const next = () => `$${arrays.length + 2}::text[]`; // $5 is created_by
  if (shape.links) {
    arrays.push(next());
    columns.push('related_links');
  }
  if (shape.messages) {
    arrays.push(next());
    arrays.push(next());
    columns.push('message_code', 'message_body');
  }
  const links = shape.links ? 't.related_links::jsonb' : `'[]'::jsonb`;
  const messages = shape.messages ? 't.message_code, t.message_body' : 'NULL, NULL';
  const prev = `prev AS (
      SELECT p.subject_id, p.aspect_id, p.value, p.status, p.message_code, p.message_body, p.related_links
        FROM samples p JOIN unnest($1::uuid[], $2::uuid[]) AS k(subject_id, aspect_id)
          ON p.subject_id = k.subject_id AND p.aspect_id = k.aspect_id
       ORDER BY p.subject_id, p.aspect_id FOR UPDATE OF p),
    `;
  return `${before ? prev : ''}upserted AS (
    INSERT INTO samples AS s (subject_id, aspect_id, value, status, previous_status, status_changed_at,
                              message_code, message_body, related_links, created_by, created_at, updated_at)
    SELECT t.subject_id, t.aspect_id, t.value, t.status, 'Invalid', now(), ${messages}, ${links}, $5::uuid, now(), now()
      FROM unnest(${arrays.join(', ')}) AS t(${columns.join(', ')})${before ? '\n     WHERE (SELECT count(*) FROM prev) >= 0' : ''}
    ON CONFLICT (subject_id, aspect_id) DO UPDATE SET ${sets.join(', ')}
    RETURNING ${before ? RETURNED : UPSERT_HISTORY_RETURNING})`;
}

/** Every column of an upserted row, for the readers of UPSERT_RESULT_SELECT. */
const RETURNED = `s.subject_id, s.aspect_id, s.value, s.status, s.previous_status, s.status_changed_at, s.message_code,
              s.message_body, s.related_links, s.created_by, s.created_at, s.updated_at`;

/** The final SELECT over `upserted` and `prev`: one UpsertedSampleRow per row, with its provider. */
export const UPSERT_RESULT_SELECT = `SELECT u.subject_id::text AS subject_id, u.aspect_id::text AS aspect_id, u.value, u.status,
         u.previous_status, u.status_changed_at, u.message_code, u.message_body, u.related_links,
         u.created_by::text AS created_by, u.created_at, u.updated_at, p.subject_id IS NULL AS inserted,
         p.value AS old_value, p.status AS old_status, p.message_code AS old_message_code,
         p.message_body AS old_message_body, p.related_links AS old_related_links,
         usr.name AS user_name, usr.email AS user_email, pf.name AS user_profile
    FROM upserted u LEFT JOIN prev p ON p.subject_id = u.subject_id AND p.aspect_id = u.aspect_id
    LEFT JOIN users usr ON usr.id = u.created_by LEFT JOIN profiles pf ON pf.id = usr.profile_id`;

/** UPSERT_RESULT_SELECT's place when nobody reads the rows: no row (the CTEs still run, to completion). */
const UPSERT_NO_RESULT = `SELECT NULL::text AS subject_id FROM upserted WHERE false`;

/** (subjectId, aspectId) order, compared in place (no concatenated keys: 1,000 rows make ~20,000 comparisons). */
export function byKey(a: UpsertRow, b: UpsertRow): number {
  if (a.subjectId !== b.subjectId) return a.subjectId < b.subjectId ? -1 : 1;
  return a.aspectId < b.aspectId ? -1 : a.aspectId > b.aspectId ? 1 : 0;
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A parameter as the driver sends it: an array of strings (or nulls) becomes the PostgreSQL array
 * literal `pg` would make of it (every element quoted, `"` and `\` escaped, null → NULL), built
 * in one pass: `pg` runs two regular-expression replacements per element, 4,000 to 7,000 of them
 * for a batch of 1,000 samples. Other values are passed as they are.
 */
export function encodeParam(param: unknown): unknown {
  if (!Array.isArray(param)) return param;
  let out = '{';
  for (let i = 0; i < param.length; i++) {
    const v: unknown = param[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v !== 'string') return param; // not a text array: the driver's own encoding
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}

/** A statement and its parameters. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** An upsert statement (`WITH <ctes> <result>`) and its parts, to compose with more. */
export interface UpsertStatement extends SqlStatement {
  ctes: string;
  /** UPSERT_RESULT_SELECT, or the same returning no row when nobody reads the rows. */
  result: string;
}

/**
 * The statements that upsert `rows` (already collapsed: one row per key): one per shape
 * present, usually exactly one. Rows go in sorted by key (unnest keeps array order) so that
 * concurrent upserts of the same samples lock them in the same order. `createdBy` is the
 * provider of the samples this creates.
 */
export function upsertStatements(rows: readonly UpsertRow[], createdBy: string, history = true, returnRows = true): UpsertStatement[] {
  // Without a reader of the rows (no realtime viewer anywhere), the statement writes the same
  // and returns nothing: parsing 1,000 returned rows cost the app about half its time per sample,
  // and reading and locking "before" (prev) a tenth of the statement (docs/PERFORMANCE.md).
  const result = returnRows ? UPSERT_RESULT_SELECT : UPSERT_NO_RESULT;
  const groups = new Map<string, { shape: Shape; rows: UpsertRow[] }>();
  for (const row of rows) {
    const shape = { value: row.value !== null, links: row.relatedLinks !== null, messages: false };
    const id = `${shape.value}|${shape.links}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { shape, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.values()].map(({ shape, rows: group }) => {
    const sorted = [...group].sort(byKey);
    const withMessages = { ...shape, messages: sorted.some((r) => r.messageCode !== null || r.messageBody !== null) };
    const params: unknown[] = [
      sorted.map((r) => r.subjectId),
      sorted.map((r) => r.aspectId),
      sorted.map((r) => r.value ?? ''),
      sorted.map((r) => r.status ?? 'Invalid'),
      createdBy,
    ];
    if (withMessages.links) params.push(sorted.map((r) => JSON.stringify(r.relatedLinks)));
    if (withMessages.messages) params.push(sorted.map((r) => r.messageCode), sorted.map((r) => r.messageBody));
    const upsert = upsertCtes(withMessages, returnRows);
    const ctes = history ? `${upsert},\n    ${UPSERT_HISTORY_CTE}` : upsert; // history: status changes (issue 18)
    return { sql: `WITH ${ctes} ${result}`, ctes, result, params };
  });
}

/**
 * The job record insert, riding on `upsert` as one more CTE when there is one, so that a
 * request that fits in one statement needs one round trip and no explicit transaction. Rows:
 * `job_id` and the upserted rows (UpsertedSampleRow); with no upserted row, one row whose
 * other columns are null.
 */
export function jobStatement(upsert: UpsertStatement | null, errors: unknown[], createdBy: string, summary?: JobSummary): SqlStatement {
  const n = upsert ? upsert.params.length : 0;
  // completed_at is clock_timestamp(): now() would be the start of the batches' transaction
  const insert = `INSERT INTO sample_upsert_jobs (status, errors, created_by, received, written, refused, received_at, completed_at)
    VALUES ('complete', $${n + 1}::jsonb, $${n + 2}::uuid, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::timestamptz, clock_timestamp())
    RETURNING id::text AS id`;
  return {
    sql: upsert
      ? `WITH ${upsert.ctes}, job AS (${insert})
         SELECT (SELECT id FROM job) AS job_id, r.* FROM (SELECT 1) AS one LEFT JOIN (${upsert.result}) AS r ON true`
      : `WITH job AS (${insert}) SELECT id AS job_id FROM job`,
    params: [...(upsert?.params ?? []), JSON.stringify(errors), createdBy, summary?.received ?? 0, summary?.written ?? 0, errors.length, summary?.receivedAt ?? null],
  };
}

/** The counts and arrival time a bulk upsert job records (refused = its errors). */
export interface JobSummary {
  received: number;
  written: number;
  receivedAt: Date;
}

/** Fields a PUT/PATCH sets; absent (undefined) ones are kept. A given value brings its status. */
export interface SampleUpdate {
  value?: string;
  status?: SampleStatus;
  messageCode?: string | null;
  messageBody?: string | null;
  relatedLinks?: SampleRelatedLink[];
}

/** UPDATE of one sample by key with the same transition rule as the upsert. */
export function updateStatement(subjectId: string, aspectId: string, update: SampleUpdate): SqlStatement {
  const params: unknown[] = [subjectId, aspectId];
  const next = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const sets = ['updated_at = now()'];
  if (update.value !== undefined && update.status !== undefined) {
    const st = `${next(update.status)}::text`;
    sets.push(
      `value = ${next(update.value)}`,
      `status = ${st}`,
      `previous_status = CASE WHEN status = ${st} THEN previous_status ELSE status END`,
      `status_changed_at = CASE WHEN status = ${st} THEN status_changed_at ELSE now() END`,
    );
  }
  if (update.messageCode !== undefined) sets.push(`message_code = ${next(update.messageCode)}`);
  if (update.messageBody !== undefined) sets.push(`message_body = ${next(update.messageBody)}`);
  if (update.relatedLinks !== undefined) sets.push(`related_links = ${next(JSON.stringify(update.relatedLinks))}::jsonb`);
  return {
    sql: `UPDATE samples SET ${sets.join(', ')} WHERE subject_id = $1::uuid AND aspect_id = $2::uuid`,
    params,
  };
}
