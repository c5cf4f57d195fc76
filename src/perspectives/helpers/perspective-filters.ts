import { InvalidPerspectiveError } from '../../common/errors/api-errors';
import type { FilterType } from '../perspective.entity';

type FilterFields = Record<
  | 'aspectFilter'
  | 'aspectTagFilter'
  | 'subjectTagFilter'
  | 'statusFilter',
  string[]
> &
  Record<'aspectFilterType' | 'aspectTagFilterType' | 'subjectTagFilterType' | 'statusFilterType', FilterType>;

const PAIRS = [
  ['aspectFilter', 'aspectFilterType'],
  ['aspectTagFilter', 'aspectTagFilterType'],
  ['subjectTagFilter', 'subjectTagFilterType'],
  ['statusFilter', 'statusFilterType'],
] as const;

/**
 * A filter of type INCLUDE with no values would show nothing at all: the original refuses it
 * with InvalidPerspectiveError (on POST, PUT, and the merged record of a PATCH).
 */
export function assertFiltersConsistent(p: FilterFields): void {
  for (const [values, type] of PAIRS) {
    if (p[type] === 'INCLUDE' && p[values].length === 0) {
      throw new InvalidPerspectiveError({
        message: `${type} is INCLUDE, so ${values} needs at least one value.`,
        description: `${values} cannot be empty when ${type} is INCLUDE.`,
        source: 'Perspective',
        value: values,
      });
    }
  }
}
