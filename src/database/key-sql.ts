import { isUuid } from '../common/key';

/** A parameterised SQL condition and the value for its placeholder. */
export interface KeyCondition {
  sql: string;
  param: string;
}

/** SQL: `column` equals the parameter `:param` exactly, ignoring case (the one name comparison; no LIKE, so `_` and `%` are ordinary characters). */
export function nameEquals(column: string, param: string): string {
  return lowerEquals(column, `:${param}`);
}

function lowerEquals(column: string, placeholder: string): string {
  return `lower(${column}) = lower(${placeholder})`;
}

/**
 * The WHERE condition that finds a record by path key, the one id-or-name look-up: a UUID
 * matches the id column only; anything else matches the name column exactly, ignoring case
 * (`_` and `%` are ordinary characters, unlike the original's ILIKE). `param` is the
 * placeholder: a number n for SQL's `$n`, a name for a QueryBuilder's `:name`.
 */
export function keyCondition(key: string, idColumn: string, nameColumn: string, param: number | string): KeyCondition {
  const placeholder = typeof param === 'number' ? `$${param}` : `:${param}`;
  if (isUuid(key)) return { sql: `${idColumn} = ${placeholder}::uuid`, param: key.toLowerCase() };
  return { sql: lowerEquals(nameColumn, placeholder), param: key };
}

/**
 * The sample named `subjectPath|aspectName` (exact, ignoring case), over a subject aliased
 * `subject` and an aspect aliased `aspect`: a QueryBuilder condition and its named parameters.
 */
export function sampleNameCondition(
  subject: string,
  aspect: string,
  name: { subjectPath: string; aspectName: string },
): { sql: string; params: Record<string, string> } {
  return { sql: `${nameEquals(`${subject}.absolute_path`, 'subjectPath')} AND ${nameEquals(`${aspect}.name`, 'aspectName')}`, params: { ...name } };
}
