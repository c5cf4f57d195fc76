import { presentRecord, RecordShape } from '../common/presenter';
import type { AspectRow } from './aspects.repository';

export const ASPECTS_PATH = '/v1/aspects';
const SHAPE: RecordShape = { collection: ASPECTS_PATH, noun: 'aspect', hidden: ['ownerId'] };

/** An aspect as the API answers it (null properties omitted). */
export function presentAspect(row: AspectRow, deleted = false): Record<string, unknown> {
  return presentRecord(row, SHAPE, deleted);
}
