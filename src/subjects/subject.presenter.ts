import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { SubjectRow } from './subjects.repository';

export const SUBJECTS_PATH = '/v1/subjects';
const SHAPE: RecordShape<'ownerId', 'parentId'> = { collection: SUBJECTS_PATH, noun: 'subject', hidden: ['ownerId'], keepNull: ['parentId'] };

/** A subject as the API answers it. */
export type SubjectResponse = Presented<SubjectRow, 'ownerId', 'parentId'>;

/** A subject as the API answers it: nulls omitted except parentId (null) and parentAbsolutePath (""). */
export function presentSubject(row: SubjectRow, deleted = false): SubjectResponse {
  return presentRecord({ ...row, parentAbsolutePath: row.parentAbsolutePath ?? '' }, SHAPE, deleted);
}
