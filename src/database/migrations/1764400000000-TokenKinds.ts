import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens issued by the server for one record (a collector, a generator, a bot, a room view):
 * `kind` says which, `bound_id` names the record. Only people's own (`user`) tokens need unique
 * names; a bound token is found by its record.
 */
export class TokenKinds1764400000000 implements MigrationInterface {
  name = 'TokenKinds1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tokens
        ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'user',
        ADD COLUMN bound_id varchar(64),
        ADD CONSTRAINT tokens_kind_chk CHECK (kind IN ('user', 'collector', 'generator', 'bot', 'room')),
        ADD CONSTRAINT tokens_bound_chk CHECK ((kind = 'user') = (bound_id IS NULL));
      DROP INDEX tokens_user_name_uq;
      CREATE UNIQUE INDEX tokens_user_name_uq ON tokens (user_id, lower(name)) WHERE kind = 'user';
      CREATE INDEX tokens_bound_idx ON tokens (kind, bound_id) WHERE bound_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM tokens WHERE kind <> 'user';
      DROP INDEX tokens_bound_idx;
      DROP INDEX tokens_user_name_uq;
      CREATE UNIQUE INDEX tokens_user_name_uq ON tokens (user_id, lower(name));
      ALTER TABLE tokens DROP CONSTRAINT tokens_bound_chk, DROP CONSTRAINT tokens_kind_chk,
        DROP COLUMN bound_id, DROP COLUMN kind;
    `);
  }
}
