import { ValidationError } from './errors/api-errors';

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
