import type { AuthenticatedUser } from '../auth/caller';
import type { TokenKind } from '../tokens/token-kind';

/**
 * The authorization policy, pure: no database, no HTTP. Every decision whether a caller may do
 * something goes through these functions; repositories return the data (writer ids, owners,
 * creators) and services throw the error that fits when a function here says no.
 */

/** Is `userId` a writer of a record whose writers are `writerIds`? Empty list → everyone is. */
export function isWriter(userId: string, writerIds: readonly string[]): boolean {
  return writerIds.length === 0 || writerIds.includes(userId);
}

/** May `caller` write a record whose writers are `writerIds`? A writer may; an admin only with the override. */
export function canWrite(caller: AuthenticatedUser, writerIds: readonly string[], override: boolean): boolean {
  return isWriter(caller.id, writerIds) || (caller.isAdmin && override);
}

/** Of records given with their writer ids (id → writer ids), the ids `caller` may write, by `canWrite`. */
export function writableIds(caller: AuthenticatedUser, writersById: ReadonlyMap<string, readonly string[]>, override: boolean): Set<string> {
  const ids = new Set<string>();
  for (const [id, writerIds] of writersById) if (canWrite(caller, writerIds, override)) ids.add(id);
  return ids;
}

/** The first of `records` (in the order given) that `caller` may not write, by `canWrite`; undefined when none. */
export function firstRefused<T extends { writerIds: readonly string[] }>(caller: AuthenticatedUser, records: readonly T[], override: boolean): T | undefined {
  return records.find((r) => !canWrite(caller, r.writerIds, override));
}

/** May `caller` change a record's owner? The current owner may; an admin only with the override. */
export function canChangeOwner(caller: AuthenticatedUser, ownerId: string | null | undefined, override: boolean): boolean {
  if (ownerId && ownerId === caller.id) return true;
  return caller.isAdmin && override;
}

/**
 * `?override=admin` from someone who is not an admin is refused (403) wherever writers apply,
 * even on a record without writers: the request asks for a privilege the caller does not have.
 */
export function overrideRefused(caller: AuthenticatedUser, override: boolean): boolean {
  return override && !caller.isAdmin;
}

/** The whole decision used by the guard and the service: override rule, then `canWrite`. */
export function mayWrite(caller: AuthenticatedUser, writerIds: readonly string[], override: boolean): boolean {
  return !overrideRefused(caller, override) && canWrite(caller, writerIds, override);
}

/**
 * Admin-only operations: creating users and changing a user's profile, managing profiles,
 * changing global config, reading the audit log, restoring a revoked token (CONTRACT.md §3).
 */
export function mayAdminister(caller: AuthenticatedUser): boolean {
  return caller.isAdmin;
}

/** Does the path key `key` (a user's id or name, any case) name `caller` themself? */
export function isCallerKey(caller: AuthenticatedUser, key: string): boolean {
  const k = key.toLowerCase();
  return k === caller.id.toLowerCase() || k === caller.name.toLowerCase();
}

/** May `caller` edit or delete the user `userId`? The user themself, or an admin. */
export function mayManageUser(caller: AuthenticatedUser, userId: string): boolean {
  return caller.id === userId || mayAdminister(caller);
}

/** May `caller` see, revoke or delete a token? Its owner, or an admin (anyone else is told 404). */
export function mayManageToken(caller: AuthenticatedUser, token: { userId: string }): boolean {
  return mayManageUser(caller, token.userId);
}

/** May `caller` read a sample bulk upsert job? Its creator, or an admin (anyone else is told 404). */
export function mayReadJob(caller: AuthenticatedUser, job: { createdBy: string | null }): boolean {
  return job.createdBy === caller.id || mayAdminister(caller);
}

/** May `caller` read a bulk events job? Its sender only (DECISIONS.md, bots and rooms), not even an admin. */
export function mayReadEventJob(caller: AuthenticatedUser, job: { createdBy: string | null }): boolean {
  return job.createdBy === caller.id;
}

/*
 * Token binding (src/tokens/token-kind.ts): which credential may act on what. A token of a kind
 * other than `user` is bound to one record (`tokenBoundId`) and acts as the user who made it.
 */

/** Does `caller` act personally: with a user token or a signed-in session, not a token bound to a record? */
export function actsPersonally(caller: AuthenticatedUser): boolean {
  return caller.tokenKind === 'user' || caller.tokenKind === 'session';
}

/** Does `caller` hold the token bound to the record `id` of `kind` (a collector's heartbeat: its own token)? */
export function holdsTokenOf(caller: AuthenticatedUser, kind: Exclude<TokenKind, 'user'>, id: string | number): boolean {
  return caller.tokenKind === kind && caller.tokenBoundId === String(id);
}

/**
 * Does `caller` hold a room-view token? Such a token reads and writes its own room only, on the
 * routes marked @RoomScoped(), and opens no socket.
 */
export function isRoomToken(caller: AuthenticatedUser): boolean {
  return caller.tokenKind === 'room';
}

/** May `caller` act in the room `roomId`? Any credential but a room token may; a room token only in its own room. */
export function mayActInRoom(caller: AuthenticatedUser, roomId: number | string | null): boolean {
  if (!isRoomToken(caller)) return true;
  return roomId !== null && holdsTokenOf(caller, 'room', roomId);
}

/** May `caller` speak for the bot `botId` on the bots' socket? Not with a room token; a bot token only for its own bot. */
export function maySpeakForBot(caller: AuthenticatedUser, botId: string): boolean {
  if (isRoomToken(caller)) return false;
  return caller.tokenKind !== 'bot' || holdsTokenOf(caller, 'bot', botId);
}
