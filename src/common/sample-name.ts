import { RECORD_NAME } from './names';

/**
 * The one parser of the sample name `subjectAbsolutePath|aspectName`, used by every sample
 * path (single and bulk upserts, sample routes) and by the writers' Sample→Aspect resolver.
 */

/** Subject and aspect names follow the record-name rule; a subject path joins them with dots. */
const NAME = RECORD_NAME;
const SUBJECT_PATH_RE = new RegExp(`^${NAME}(\\.${NAME})*$`);
const ASPECT_NAME_RE = new RegExp(`^${NAME}$`);
const SUBJECT_PATH_MAX_LENGTH = 4096;
export const SAMPLE_NAME_MAX_LENGTH = SUBJECT_PATH_MAX_LENGTH + 1 + 60;

/** The two halves of a sample name. */
export interface SampleName {
  subjectPath: string;
  aspectName: string;
}

/**
 * Splits `subjectAbsolutePath|aspectName` (exactly one `|`). Returns null when the name is not
 * a string, has no or several `|`, or either half is not a well-formed subject path / aspect
 * name. Casing is kept; lookups compare ignoring case.
 */
export function parseSampleName(name: unknown): SampleName | null {
  if (typeof name !== 'string' || name.length > SAMPLE_NAME_MAX_LENGTH) return null;
  const bar = name.indexOf('|');
  if (bar < 0 || name.indexOf('|', bar + 1) >= 0) return null;
  const subjectPath = name.slice(0, bar);
  const aspectName = name.slice(bar + 1);
  if (subjectPath.length > SUBJECT_PATH_MAX_LENGTH || !SUBJECT_PATH_RE.test(subjectPath) || !ASPECT_NAME_RE.test(aspectName)) {
    return null;
  }
  return { subjectPath, aspectName };
}

/** The sample name for a subject path and an aspect name. */
export function sampleName(subjectPath: string, aspectName: string): string {
  return `${subjectPath}|${aspectName}`;
}
