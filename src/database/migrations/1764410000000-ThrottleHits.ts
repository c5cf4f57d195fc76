import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttling hits (failed sign-ins, token creations, registrations) counted in the database, so
 * that every process on it counts the same ones. Keys are digests. Written and read by
 * SharedRateLimiter only (no entity).
 */
export class ThrottleHits1764410000000 implements MigrationInterface {
  name = 'ThrottleHits1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE throttle_hits (
        id bigserial PRIMARY KEY,
        bucket varchar(40) NOT NULL,
        key char(64) NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX throttle_hits_key_idx ON throttle_hits (bucket, key, at);
      CREATE INDEX throttle_hits_at_idx ON throttle_hits (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE throttle_hits');
  }
}
