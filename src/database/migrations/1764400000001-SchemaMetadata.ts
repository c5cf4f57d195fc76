import { MigrationInterface, QueryRunner } from 'typeorm';
import { ASPECT_TIMEOUT_SECONDS_SQL } from '../../aspects/aspect.entity';

/**
 * TypeORM's schema diff (`npm run migration:generate`) reads generated columns' expressions from
 * its own `typeorm_metadata` table; without it the diff crashes. Created here, with the one
 * generated column the migrations made (aspects.timeout_seconds), so the diff of a freshly
 * migrated database against the entities is empty (test/e2e/schema.e2e-spec.ts).
 */
export class SchemaMetadata1764400000001 implements MigrationInterface {
  name = 'SchemaMetadata1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      )`);
    await q.query(
      `INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value")
       VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'aspects', 'timeout_seconds', $1)`,
      [ASPECT_TIMEOUT_SECONDS_SQL],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM typeorm_metadata WHERE "table" = 'aspects' AND "name" = 'timeout_seconds'`);
  }
}
