import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * A QueryBuilder over `entity`, aliased `alias`, selecting every column of the entity under its
 * property name (`"alias"."column" AS "property"`, read from the entity's metadata) except
 * `omit`. Its raw rows are shaped like the entity; a repository adds its joins and embedded
 * objects with `addSelect`, and reads them with `getRawOne` / `getRawMany`.
 */
export function selectEntityColumns<T extends ObjectLiteral>(
  db: DataSource | EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  omit: readonly (keyof T & string)[] = [],
): SelectQueryBuilder<T> {
  const qb = db.createQueryBuilder(entity, alias).select([]);
  for (const column of qb.expressionMap.mainAlias!.metadata.columns) {
    if (omit.includes(column.propertyName as keyof T & string)) continue;
    qb.addSelect(`${qb.escape(alias)}.${qb.escape(column.databaseName)}`, column.propertyName);
  }
  return qb;
}

/** Values of some columns of an entity for a QueryBuilder insert or update; `() => 'sql'` for an expression. */
export type EntityValues<T> = { [K in keyof T]?: T[K] | (() => string) };

/**
 * `values` as TypeORM's insert / update type: checked against the entity's own property types,
 * which QueryDeepPartialEntity cannot express for free-form jsonb objects.
 */
export function entityValues<T>(values: EntityValues<T>): QueryDeepPartialEntity<T> {
  return values as QueryDeepPartialEntity<T>;
}

/** Inserts one row of `entity` and returns its generated `id` (the entity is not reloaded). */
export async function insertReturningId<T extends ObjectLiteral, Id = string>(
  db: DataSource | EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<Id> {
  const inserted = await db.createQueryBuilder().insert().into(entity).values(values).returning('id').updateEntity(false).execute();
  return (inserted.raw as { id: Id }[])[0].id;
}
