import { apiLinks, deletedApiLinks } from '../../common/api-links';
import { omitNulls } from '../../common/presenter';
import type { SubjectRow } from '../subjects.repository';

export const SUBJECTS_PATH = '/v1/subjects';
const METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];

/** A subject as the API answers it: nulls omitted except parentId (null) and parentAbsolutePath (""). */
export function presentSubject(row: SubjectRow, deleted = false): Record<string, unknown> {
  const { ownerId: _ownerId, ...rest } = row;
  void _ownerId;
  const out = omitNulls({ ...rest, parentAbsolutePath: row.parentAbsolutePath ?? '' }, ['parentId']);
  out.apiLinks = deleted ? deletedApiLinks(SUBJECTS_PATH, 'subject') : apiLinks(SUBJECTS_PATH, row.id, 'subject', METHODS);
  return out;
}
