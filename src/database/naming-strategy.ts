import { DefaultNamingStrategy, Table } from 'typeorm';

/**
 * TypeORM's names for the constraints the migrations leave to PostgreSQL to name, in
 * PostgreSQL's own convention (`<table>_<columns>_fkey`), so that the entities and the
 * migrated schema agree and `npm run migration:generate` proposes nothing (see the schema test).
 */
export class PostgresNamingStrategy extends DefaultNamingStrategy {
  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `${this.getTableName(tableOrName)}_${columnNames.join('_')}_fkey`;
  }
}
