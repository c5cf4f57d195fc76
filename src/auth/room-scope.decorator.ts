import { SetMetadata } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/api-errors';
import type { AuthenticatedUser } from './caller';
import { mayActInRoom } from '../writers/policy';

export const ROOM_SCOPED = 'roomScoped';

/**
 * Marks a route a room-view token (kind `room`, BOTS.md) may call; the global token guard
 * refuses such a token (403) on every other route. The service behind the route still checks
 * that the record belongs to the token's room (`assertInRoom`).
 */
export const RoomScoped = (): MethodDecorator & ClassDecorator => SetMetadata(ROOM_SCOPED, true);

/** 403 unless the caller may act in `roomId`: any token but a room token, or the token of that room. */
export function assertInRoom(caller: AuthenticatedUser, roomId: number | string | null): void {
  if (!mayActInRoom(caller, roomId)) throw outsideRoomError();
}

/** The refusal of a room token outside its room or its routes. */
export function outsideRoomError(): ForbiddenError {
  return new ForbiddenError({ source: 'Token', description: 'A room token may only read and write its own room.' });
}
