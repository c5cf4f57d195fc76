import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { EventRow } from './events.repository';

const SHAPE: RecordShape = { collection: '/v1/events', noun: 'event', hidden: [] };

/** An event as the API answers it. */
export type EventResponse = Presented<EventRow>;

/** An event as the API answers it (null properties omitted). */
export function presentEvent(row: EventRow): EventResponse {
  return presentRecord(row, SHAPE);
}
