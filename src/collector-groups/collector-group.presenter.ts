import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { CollectorGroupRow } from './collector-groups.repository';

const SHAPE: RecordShape = { collection: '/v1/collectorGroups', noun: 'collectorGroup', hidden: [] };

/** A collector group as the API answers it. */
export type CollectorGroupResponse = Presented<CollectorGroupRow>;

/** A collector group as the API answers it (null properties omitted). */
export function presentCollectorGroup(row: CollectorGroupRow, deleted = false): CollectorGroupResponse {
  return presentRecord(row, SHAPE, deleted);
}
