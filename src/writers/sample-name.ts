/** The two halves of a sample name `subjectAbsolutePath|aspectName`. */
export interface SampleName {
  subjectPath: string;
  aspectName: string;
}

/** Splits a sample name; null unless it has exactly one `|` with something on both sides. */
export function parseSampleName(name: unknown): SampleName | null {
  if (typeof name !== 'string') return null;
  const parts = name.split('|');
  if (parts.length !== 2) return null;
  const [subjectPath, aspectName] = parts;
  if (!subjectPath || !aspectName) return null;
  return { subjectPath, aspectName };
}
