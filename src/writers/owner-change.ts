import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError } from '../common/errors/api-errors';
import { canChangeOwner } from './policy';

/**
 * The owner after a write. Not sent → unchanged. Sent → resolved (unknown user → 400); a real
 * change needs the current owner, or an admin with `?override=admin` (else 403).
 */
export async function nextOwnerId(
  caller: AuthenticatedUser,
  record: { ownerId: string | null; name: string },
  owner: string | undefined,
  override: boolean,
  resolve: (owner: string) => Promise<string>,
  source: string,
): Promise<string | null> {
  if (owner === undefined) return record.ownerId;
  const ownerId = await resolve(owner);
  if (ownerId !== record.ownerId && !canChangeOwner(caller, record.ownerId, override)) {
    throw new ForbiddenError({
      source,
      value: record.name,
      description: 'Only the current owner, or an admin with ?override=admin, may change the owner.',
    });
  }
  return ownerId;
}
