/**
 * The status-history inserts, as CTEs riding on the statements that change statuses (no query
 * per sample; only real changes). Each reads a CTE of changed rows that the host statement
 * already has. Hand-written SQL text, for the hand-written statements of the samples and aspects
 * repositories it joins: the bulk upsert's cost with and without it is bench/history.bench.ts
 * (docs/PERFORMANCE.md, "Status history on the bulk upsert").
 */

const INSERT = `INSERT INTO sample_status_history (subject_id, aspect_id, from_status, to_status, value, message_code, at)`;
/**
 * Two changes of one sample at one instant (one transaction: `at` is its start) merge into one
 * row from the first "from" to the last "to". Never needed by one statement (its rows are one
 * per sample), so it cannot hit "cannot affect row a second time".
 */
const MERGE = `ON CONFLICT (subject_id, aspect_id, at) DO UPDATE
      SET (to_status, value, message_code) = (EXCLUDED.to_status, EXCLUDED.value, EXCLUDED.message_code)`;

/**
 * For the upsert (sample-upsert-sql.ts), from its RETURNING alone (UPSERT_HISTORY_RETURNING):
 * its DO UPDATE stamps status_changed_at with now() exactly when the status changes, and moves
 * the old status to previous_status; a row created now (created_at = now()) had no status
 * (from_status NULL). So no read of the rows before is needed, and what is recorded is the row
 * version this statement actually replaced.
 */
export const UPSERT_HISTORY_RETURNING = `s.subject_id, s.aspect_id, s.status, s.previous_status, s.value, s.message_code,
              s.status_changed_at, s.created_at`;
export const UPSERT_HISTORY_CTE = `history AS (
    ${INSERT}
    SELECT u.subject_id, u.aspect_id, CASE WHEN u.created_at = now() THEN NULL ELSE u.previous_status END,
           u.status, u.value, u.message_code, u.status_changed_at
      FROM upserted u
     WHERE u.status_changed_at = now()
    ${MERGE})`;

/**
 * For an UPDATE that changed statuses (timeouts, range recomputation): wraps `update`, whose
 * RETURNING must give subject_id, aspect_id, previous_status, status, value, message_code,
 * status_changed_at of exactly the changed rows, and answers the number of rows changed (`n`),
 * or `select` over the changed rows (the realtime feed reads them back).
 */
export function withHistory(update: string, select = 'count(*)::int AS n'): string {
  return `WITH changed AS (${update}),
    history AS (${INSERT}
      SELECT subject_id, aspect_id, previous_status, status, value, message_code, status_changed_at FROM changed
      ${MERGE})
    SELECT ${select} FROM changed`;
}

/** The RETURNING list `withHistory` needs (with the table's alias). */
export function historyReturning(alias: string): string {
  return `RETURNING ${['subject_id', 'aspect_id', 'previous_status', 'status', 'value', 'message_code', 'status_changed_at']
    .map((c) => `${alias}.${c}`)
    .join(', ')}`;
}

/**
 * For the one-sample UPDATE of PUT/PATCH (`UPDATE samples SET … WHERE subject_id = $1::uuid AND
 * aspect_id = $2::uuid`): `prev` reads and locks the row first (an InitPlan of the UPDATE's
 * WHERE, as in the upsert), the UPDATE runs unchanged, and a change of status is recorded.
 */
export function updateWithHistory(update: { sql: string; params: unknown[] }): { sql: string; params: unknown[] } {
  return {
    sql: `WITH prev AS (SELECT status FROM samples WHERE subject_id = $1::uuid AND aspect_id = $2::uuid FOR UPDATE),
      updated AS (${update.sql} AND (SELECT count(*) FROM prev) >= 0
        RETURNING subject_id, aspect_id, status, value, message_code, status_changed_at),
      history AS (${INSERT}
        SELECT u.subject_id, u.aspect_id, p.status, u.status, u.value, u.message_code, u.status_changed_at
          FROM updated u, prev p WHERE p.status IS DISTINCT FROM u.status
        ${MERGE})
      SELECT count(*)::int AS n FROM updated`,
    params: update.params,
  };
}

/** For a plain INSERT of new samples: its RETURNING list, then the creation recorded (from_status NULL). */
export const INSERTED_RETURNING = 'RETURNING subject_id, aspect_id, status, value, message_code, status_changed_at';
export function insertWithHistory(insert: string): string {
  return `WITH inserted AS (${insert} ${INSERTED_RETURNING}),
    history AS (${INSERT} SELECT subject_id, aspect_id, NULL, status, value, message_code, status_changed_at FROM inserted ${MERGE})
    SELECT subject_id FROM inserted`;
}
