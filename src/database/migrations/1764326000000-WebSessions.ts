import { MigrationInterface, QueryRunner } from 'typeorm';

/** Server-side records of web sessions, so that signing out (or deleting the user) ends a session for good. */
export class WebSessions1764326000000 implements MigrationInterface {
  name = 'WebSessions1764326000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        sid varchar(32) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
      CREATE INDEX web_sessions_expiry_idx ON web_sessions (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE web_sessions');
  }
}
