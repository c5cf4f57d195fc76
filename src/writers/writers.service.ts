import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError, NotFoundError, UpdateDeleteForbiddenError } from '../common/errors/api-errors';
import { firstRefused, mayWrite, overrideRefused, writableIds } from './policy';
import { KIND_TABLES, ResourceKind } from './resource-kind';
import { WriterResolvers } from './writer-resolvers';
import { WritersRepository, WriterTarget } from './writers.repository';

/**
 * The writers policy applied to records in the database. Resource services call it where a
 * route decorator cannot (keys in the body, bulk upsert, subtree deletes).
 */
@Injectable()
export class WritersService {
  constructor(
    private readonly repo: WritersRepository,
    private readonly resolvers: WriterResolvers,
  ) {}

  /** The record of `kind` named by `key` (UUID, or name / absolutePath / sample name); 404 when unknown. */
  resolve(kind: ResourceKind, key: string): Promise<WriterTarget> {
    return this.resolvers.resolve(kind, key);
  }

  /**
   * Throws 403 unless `caller` may write the record `recordId` of `kind` (404 when it does not
   * exist). For `ResourceKind.Sample`, `recordId` is the sample's ASPECT id.
   */
  async assertCanWrite(kind: ResourceKind, recordId: string, caller: AuthenticatedUser, override: boolean): Promise<void> {
    const tableKind = kind === ResourceKind.Sample ? ResourceKind.Aspect : kind;
    const target = await this.repo.findTargetById(tableKind, recordId);
    if (!target) {
      throw new NotFoundError({ source: kind === ResourceKind.Sample ? 'Aspect' : KIND_TABLES[tableKind].source, value: recordId });
    }
    this.assertTarget(kind, target, caller, override);
  }

  /** Throws 403 unless `caller` may write this already-resolved record. */
  assertTarget(kind: ResourceKind, target: WriterTarget, caller: AuthenticatedUser, override: boolean): void {
    if (!mayWrite(caller, target.writerIds, override)) throw this.refusal(kind, target, caller);
  }

  /** `?override=admin` from a non-admin → 403 (call where writers apply but no record is resolved yet). */
  assertOverrideAllowed(caller: AuthenticatedUser, override: boolean, kind: ResourceKind = ResourceKind.Sample): void {
    if (overrideRefused(caller, override)) {
      throw kind === ResourceKind.Sample
        ? new UpdateDeleteForbiddenError({
            message: 'Insufficient Privileges',
            source: 'Sample',
            description: 'Only administrators may use override=admin',
          })
        : new ForbiddenError({ source: KIND_TABLES[kind].source, description: 'Only administrators may use override=admin' });
    }
  }

  /**
   * Of `aspectIds`, the ones `caller` may write samples for: ONE query for all of their writers
   * (bulk upsert calls this once per request, never per sample), the policy decides per aspect.
   * Unknown ids are simply absent. Throws 403 `UpdateDeleteForbidden` when a non-admin sends the override.
   */
  async writableAspectIds(caller: AuthenticatedUser, aspectIds: string[], override: boolean): Promise<Set<string>> {
    this.assertOverrideAllowed(caller, override, ResourceKind.Sample);
    return writableIds(caller, await this.repo.aspectWriters(aspectIds), override);
  }

  /**
   * For `DELETE /v1/subjects/{key}/hierarchy`: throws 403 unless `caller` may write every
   * subject in the subtree of `root` (itself included). One query for the subtree's
   * write-protected subjects and their writers; the policy decides.
   */
  async assertCanWriteSubtree(root: { id: string; absolutePath: string }, caller: AuthenticatedUser, override: boolean): Promise<void> {
    this.assertOverrideAllowed(caller, override, ResourceKind.Subject);
    const refused = firstRefused(caller, await this.repo.protectedSubtree(root), override);
    if (refused) {
      throw new ForbiddenError({
        source: 'Subject',
        value: refused.name,
        description: `User "${caller.name}" does not have write permission for subject "${refused.name}"`,
      });
    }
  }

  private refusal(kind: ResourceKind, target: WriterTarget, caller: AuthenticatedUser): ForbiddenError {
    if (kind === ResourceKind.Sample) {
      return new UpdateDeleteForbiddenError({
        message: 'Insufficient Privileges',
        source: 'Sample',
        description: `User "${caller.name}" does not have write permission for aspect "${target.name}"`,
      });
    }
    return new ForbiddenError({ source: KIND_TABLES[kind].source });
  }
}
