import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { keyCondition } from './key-sql';
import type { DescribedRecordColumns } from '../common/record-columns';
import { nonexistentOwnerError } from '../common/owner';
import type { RelatedLink } from '../common/tag-link-ops';

// SQL shared by the repositories of user-created records: the owner look-up, the creator and
// owner embedded in a record, the tag / link delete endpoints' write.

/**
 * Resolves an `owner` given as a user name (exact, ignoring case) or id to the user's id;
 * unknown or deleted → 400 ValidationError.
 */
export async function resolveOwnerId(db: DataSource | EntityManager, owner: unknown): Promise<string> {
  if (typeof owner !== 'string' || owner.trim() === '') throw nonexistentOwnerError(String(owner ?? ''));
  const c = keyCondition(owner, 'u.id', 'u.name', 'owner');
  const row = await db
    .createQueryBuilder()
    .select('u.id', 'id')
    .from('users', 'u')
    .where(c.sql, { owner: c.param })
    .andWhere('u.deleted_at IS NULL')
    .getRawOne<{ id: string }>();
  if (!row) throw nonexistentOwnerError(owner);
  return row.id;
}

/**
 * SQL for a user embedded in a record (UserSummary, common/dto/user-summary.dto.ts), nulls omitted, from the
 * users row aliased `alias` (null when the row is missing).
 */
export function embeddedUserSql(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_strip_nulls(json_build_object(
    'id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email, 'fullName', ${alias}.full_name)) END`;
}

/**
 * `"user"` and `"owner"` embedded, then `FROM table alias` joined to its creator and owner:
 * the tail of a record's SELECT.
 */
export function usersAndFromSql(table: string, alias: string): string {
  return `${embeddedUserSql('cu')} AS "user", ${embeddedUserSql('ou')} AS "owner"
FROM ${table} ${alias}
LEFT JOIN users cu ON cu.id = ${alias}.created_by
LEFT JOIN users ou ON ou.id = ${alias}.owner_id`;
}

/**
 * `user` and `owner` embedded on a record's SELECT builder (the record aliased `alias`): its
 * creator and owner joined as `cu` and `ou`, deleted users included (as usersAndFromSql).
 */
export function withUsers<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> {
  // withDeleted before the joins: TypeORM adds a join's `deleted_at IS NULL` when the join is made
  return qb
    .withDeleted()
    .addSelect(embeddedUserSql('cu'), 'user')
    .addSelect(embeddedUserSql('ou'), 'owner')
    .leftJoin('users', 'cu', `cu.id = ${alias}.created_by`)
    .leftJoin('users', 'ou', `ou.id = ${alias}.owner_id`);
}

/** Replaces a subject's or aspect's tags and related links only (the tag / link delete endpoints). */
export async function setTagsAndLinks(
  ds: DataSource,
  entity: EntityTarget<DescribedRecordColumns>,
  id: string,
  tags: string[],
  links: RelatedLink[],
): Promise<void> {
  await ds.createQueryBuilder().update(entity).set({ tags, relatedLinks: links, updatedAt: () => 'now()' }).where('id = :id', { id }).execute();
}
