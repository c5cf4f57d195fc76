import type { EntityManager } from 'typeorm';

/**
 * Takes PostgreSQL's transaction-level advisory lock `key` if no other session holds it; true
 * when taken (released at the transaction's end). Hand-written: a function call with no table,
 * which a QueryBuilder cannot express. For jobs that one process of many should run per round.
 */
export async function tryAdvisoryXactLock(m: EntityManager, key: number): Promise<boolean> {
  const rows = (await m.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [key])) as { ok: boolean }[];
  return rows[0]?.ok === true;
}

/**
 * Waits for PostgreSQL's transaction-level advisory lock `key` (released at the transaction's
 * end): serialises writes that must not interleave (the subject hierarchy's, generator assignment). Hand-written for
 * the same reason as tryAdvisoryXactLock.
 */
export async function advisoryXactLock(m: EntityManager, key: number): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
