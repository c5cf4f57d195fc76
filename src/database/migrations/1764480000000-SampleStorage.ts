import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Samples are rewritten all the time (every collector cycle updates most of them), so their
 * updates must be cheap to clean up: HOT updates (heap-only tuples), which PostgreSQL prunes in
 * place on the next visit of the page, without VACUUM and without touching any index.
 *
 *  - `samples_not_timed_out_idx` indexed `updated_at`, which every upsert changes: no update
 *    of a sample could be HOT while it existed. Its only user was the timeout sweep, which now
 *    scans the table (it runs once per SAMPLE_TIMEOUT_INTERVAL_MS, and a sequential scan of
 *    20,000 samples takes a few milliseconds). The other indexes (primary key, aspect_id) are
 *    on columns an update never changes.
 *  - fill factor 50: a bulk upsert of 1,000 samples rewrites every row of the pages it touches
 *    in one transaction, so a page needs room for a second version of each of its rows for
 *    the update to stay on the page (measured: 100 % HOT at 50, about 90 % at 70 or 100).
 *  - autovacuum sooner on this table (5 % dead rows instead of 20 %), for what HOT pruning
 *    leaves behind (inserts, deletes, updates that did not fit).
 *
 * The fill factor applies to pages written from now on; an existing database reaches it as
 * its samples are rewritten (or at once with `VACUUM FULL samples`).
 */
export class SampleStorage1764480000000 implements MigrationInterface {
  name = 'SampleStorage1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS samples_not_timed_out_idx;
      ALTER TABLE samples SET (
        fillfactor = 50,
        autovacuum_vacuum_scale_factor = 0.05,
        autovacuum_vacuum_threshold = 500,
        autovacuum_analyze_scale_factor = 0.05
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE samples RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor);
      CREATE INDEX samples_not_timed_out_idx ON samples (aspect_id, updated_at) WHERE status <> 'Timeout';
    `);
  }
}
