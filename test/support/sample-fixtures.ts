import type { TestApp } from './app';
import { AspectOptions, AspectRecord, insertAspect as insertAspectRecord, insertSubject as insertSubjectRecord, NUMERIC_ASPECT, ParentRef, PLAIN, SubjectRecord } from './records';

/**
 * @deprecated The fixture factories live in `./records` (one per entity). These adapters keep the
 * old call shapes for specs not yet converted (test/e2e/history.e2e-spec.ts); delete once none import them.
 */
export type SubjectFixture = SubjectRecord;
/** @deprecated use AspectRecord from `./records`. */
export type AspectFixture = AspectRecord;

/** @deprecated use `insertSubject(t, { ...PLAIN, name, parent, published })` from `./records`. */
export function insertSubject(t: TestApp, name: string, opts: { parent?: ParentRef; published?: boolean } = {}): Promise<SubjectFixture> {
  return insertSubjectRecord(t, { ...PLAIN, name, ...opts });
}

/** @deprecated use `insertAspect(t, { ...NUMERIC_ASPECT, name, ... })` from `./records`. */
export function insertAspect(t: TestApp, name: string, opts: Omit<AspectOptions, 'name'> = {}): Promise<AspectFixture> {
  return insertAspectRecord(t, { ...NUMERIC_ASPECT, name, ...opts });
}
