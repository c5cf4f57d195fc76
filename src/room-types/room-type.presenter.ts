import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { RoomTypeRow } from './room-types.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/roomTypes', noun: 'roomType', hidden: ['ownerId'] };

/** A room type as the API answers it. */
export type RoomTypeResponse = Presented<RoomTypeRow, 'ownerId'>;

/** A room type as the API answers it (null properties omitted; the owner's id hidden). */
export function presentRoomType(row: RoomTypeRow, deleted = false): RoomTypeResponse {
  return presentRecord(row, SHAPE, deleted);
}
