import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bulk upsert job's summary: how many items arrived, were written and were refused, when the
 * request arrived and when its transaction finished (issue 17: the status said only "complete").
 */
export class BulkUpsertJobSummary1764460000000 implements MigrationInterface {
  name = 'BulkUpsertJobSummary1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sample_upsert_jobs
        ADD COLUMN received integer NOT NULL DEFAULT 0,
        ADD COLUMN written integer NOT NULL DEFAULT 0,
        ADD COLUMN refused integer NOT NULL DEFAULT 0,
        ADD COLUMN received_at timestamptz,
        ADD COLUMN completed_at timestamptz
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sample_upsert_jobs
        DROP COLUMN completed_at, DROP COLUMN received_at, DROP COLUMN refused, DROP COLUMN written, DROP COLUMN received
    `);
  }
}
