import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { AspectRow } from './aspects.repository';

export const ASPECTS_PATH = '/v1/aspects';
const SHAPE: RecordShape<'ownerId'> = { collection: ASPECTS_PATH, noun: 'aspect', hidden: ['ownerId'] };

/** An aspect as the API answers it. */
export type AspectResponse = Presented<AspectRow, 'ownerId'>;

/** An aspect as the API answers it (null properties omitted). */
export function presentAspect(row: AspectRow, deleted = false): AspectResponse {
  return presentRecord(row, SHAPE, deleted);
}
