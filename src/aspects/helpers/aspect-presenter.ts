import { apiLinks, deletedApiLinks } from '../../common/api-links';
import { omitNulls } from '../../common/presenter';
import type { AspectRow } from '../aspects.repository';

export const ASPECTS_PATH = '/v1/aspects';
const METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];

/** An aspect as the API answers it (null properties omitted). */
export function presentAspect(row: AspectRow, deleted = false): Record<string, unknown> {
  const { ownerId: _ownerId, ...rest } = row;
  void _ownerId;
  const out = omitNulls(rest);
  out.apiLinks = deleted ? deletedApiLinks(ASPECTS_PATH, 'aspect') : apiLinks(ASPECTS_PATH, row.id, 'aspect', METHODS);
  return out;
}
