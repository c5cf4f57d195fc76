import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { CollectorRow } from './collectors.repository';

type Hidden = 'collectorGroupId' | 'startedBy';
const SHAPE: RecordShape<Hidden> = { collection: '/v1/collectors', noun: 'collector', hidden: ['collectorGroupId', 'startedBy'] };

/** A collector as the API answers it. */
export type CollectorResponse = Presented<CollectorRow, Hidden>;

/** A collector as the API answers it (null properties omitted; its group's id and starter hidden). */
export function presentCollector(row: CollectorRow, deleted = false): CollectorResponse {
  return presentRecord(row, SHAPE, deleted);
}
