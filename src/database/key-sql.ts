import { isUuid } from '../common/key';

/** A parameterised SQL condition and the value for its placeholder. */
export interface KeyCondition {
  sql: string;
  param: string;
}

/** Where a value goes: a number n for SQL's `$n`, a name for a QueryBuilder's `:name`, or SQL itself (a literal, for a statement without parameters such as COPY). */
export type Param = number | string | { sql: string };

function placeholder(param: Param): string {
  if (typeof param === 'object') return param.sql;
  return typeof param === 'number' ? `$${param}` : `:${param}`;
}

/** SQL: `column` equals the parameter `param` exactly, ignoring case (the one name comparison; no LIKE, so `_` and `%` are ordinary characters). */
export function nameEquals(column: string, param: Param): string {
  return lowerEquals(column, placeholder(param));
}

/** SQL: `column` equals, ignoring case, one of the names in the text[] parameter `param` (its values lower-cased: lowerNames). */
export function nameIn(column: string, param: Param): string {
  return `lower(${column}) = ANY(CAST(${placeholder(param)} AS text[]))`;
}

/** The value for nameIn's parameter: the names lower-cased, each once. */
export function lowerNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** SQL: the name `subjectPath|aspectName` of the sample of subject alias `subject` and aspect alias `aspect`. */
export function sampleNameOf(subject: string, aspect: string): string {
  return `(${subject}.absolute_path || '|' || ${aspect}.name)`;
}

/** SQL: the hierarchy level of the subject whose absolutePath is `pathColumn` (roots are 1, as sequelize-hierarchy counted). */
export function levelOf(pathColumn: string): string {
  return `(length(${pathColumn}) - length(replace(${pathColumn}, '.', '')) + 1)`;
}

/** `value` as a LIKE pattern (ESCAPE '\') that matches it literally: the one LIKE escaping. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** LIKE pattern (ESCAPE '\') for the strict descendants of absolutePath `path`, lower-cased: the value for descendantsOf's parameter. */
export function descendantsPattern(path: string): string {
  return `${escapeLike(path.toLowerCase())}.%`;
}

/** SQL: absolutePath column `pathColumn` lies strictly below the path whose descendantsPattern is the parameter `param`. */
export function descendantsOf(pathColumn: string, param: Param): string {
  return `lower(${pathColumn}) LIKE ${placeholder(param)} ESCAPE '\\'`;
}

/**
 * SQL: the subject (`idColumn`, `pathColumn`) is the root whose id is the parameter `idParam`
 * or one of its descendants (descendantsPattern of the root's path at `patternParam`).
 */
export function subtreeCondition(idColumn: string, pathColumn: string, idParam: Param, patternParam: Param): string {
  return `(${idColumn} = CAST(${placeholder(idParam)} AS uuid) OR ${descendantsOf(pathColumn, patternParam)})`;
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
export function keyCondition(key: string, idColumn: string, nameColumn: string, param: Param): KeyCondition {
  if (isUuid(key)) return { sql: `${idColumn} = ${placeholder(param)}::uuid`, param: key.toLowerCase() };
  return { sql: nameEquals(nameColumn, param), param: key };
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
