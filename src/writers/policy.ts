import type { AuthenticatedUser } from '../auth/caller';

/**
 * The writers policy, pure: no database, no HTTP. Everything that decides whether a caller may
 * modify a record goes through these functions.
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
