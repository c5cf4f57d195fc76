import { ValidationError } from './errors/api-errors';
import { isUuid } from './key';

/** Anything that runs a parameterised query (DataSource, EntityManager, QueryRunner). */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The 400 for an `owner` that names no (live) user. */
export function nonexistentOwnerError(value: string): ValidationError {
  return new ValidationError({
    message: 'Attempted to set the owner to a nonexistent user.',
    description: 'Attempted to set the owner to a nonexistent user.',
    source: 'owner',
    value,
  });
}

/**
 * Resolves an `owner` given as a user name (exact, ignoring case) or id to the user's id;
 * unknown or deleted → 400 ValidationError.
 */
export async function resolveOwnerId(db: SqlRunner, owner: unknown): Promise<string> {
  if (typeof owner !== 'string' || owner.trim() === '') throw nonexistentOwnerError(String(owner ?? ''));
  const byId = isUuid(owner);
  const rows = (await db.query(
    byId
      ? 'SELECT id FROM users WHERE id = $1::uuid AND deleted_at IS NULL'
      : 'SELECT id FROM users WHERE lower(name) = lower($1) AND deleted_at IS NULL',
    [owner],
  )) as { id: string }[];
  if (!rows.length) throw nonexistentOwnerError(owner);
  return rows[0].id;
}

/**
 * SQL for a user embedded in a record, `{id,name,email,fullName}` with nulls omitted, from the
 * users row aliased `alias` (null when the row is missing).
 */
export function embeddedUserSql(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_strip_nulls(json_build_object(
    'id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email, 'fullName', ${alias}.full_name)) END`;
}

/**
 * `"user"` and `"owner"` embedded, then `FROM table alias` joined to its creator and owner:
 * the tail of a record's SELECT.
 */
export function usersAndFromSql(table: string, alias: string): string {
  return `${embeddedUserSql('cu')} AS "user", ${embeddedUserSql('ou')} AS "owner"
FROM ${table} ${alias}
LEFT JOIN users cu ON cu.id = ${alias}.created_by
LEFT JOIN users ou ON ou.id = ${alias}.owner_id`;
}
