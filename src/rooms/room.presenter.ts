import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { RoomRow } from './rooms.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/rooms', noun: 'room', hidden: ['ownerId'] };

/** A room as the API answers it (its id a number). */
export type RoomResponse = Presented<RoomRow, 'ownerId'>;

/** A deleted room as DELETE answers it (its id a string). */
export type DeletedRoomResponse = Presented<Omit<RoomRow, 'id'> & { id: string }, 'ownerId'>;

/** A room as the API answers it (null properties omitted; the owner's id hidden). */
export function presentRoom(row: RoomRow): RoomResponse {
  return presentRecord(row, SHAPE);
}

/** A deleted room as DELETE answers it: its id as a string, as the original did. */
export function presentDeletedRoom(row: RoomRow): DeletedRoomResponse {
  return presentRecord({ ...row, id: String(row.id) }, SHAPE, true);
}
