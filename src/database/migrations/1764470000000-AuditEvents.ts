import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log (issue 18): append-only security events, pruned after AUDIT_RETENTION_DAYS. */
export class AuditEvents1764470000000 implements MigrationInterface {
  name = 'AuditEvents1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name varchar(255),
        action varchar(64) NOT NULL,
        target_type varchar(64),
        target_id varchar(255),
        target_name varchar(4096),
        outcome varchar(16) NOT NULL,
        address varchar(64),
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_events_at_idx ON audit_events (at);
      CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at);
      CREATE INDEX audit_events_target_idx ON audit_events (target_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
  }
}
