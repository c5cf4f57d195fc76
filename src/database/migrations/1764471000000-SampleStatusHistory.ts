import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status history (issue 18): one row per status change of a sample, keyed by the sample's
 * (subject id, aspect id), so renames and moves keep it. Rows arrive in time order, so a BRIN
 * index on `at` finds old block ranges for pruning at almost no cost to the inserts; the btree
 * serves "this sample's (or subject's) changes, newest first". No foreign keys: the insert
 * rides on the hot upsert, and rows of deleted samples simply age out.
 */
export class SampleStatusHistory1764471000000 implements MigrationInterface {
  name = 'SampleStatusHistory1764471000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sample_status_history (
        id bigserial PRIMARY KEY,
        subject_id uuid NOT NULL,
        aspect_id uuid NOT NULL,
        from_status varchar(10),
        to_status varchar(10) NOT NULL,
        value varchar(255) NOT NULL DEFAULT '',
        message_code varchar(5),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sample_status_history_at_brin ON sample_status_history USING brin (at);
      CREATE INDEX sample_status_history_sample_idx ON sample_status_history (subject_id, aspect_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sample_status_history`);
  }
}
