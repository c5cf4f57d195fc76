import { MigrationInterface, QueryRunner } from 'typeorm';

/** Global config (key/value, keys unique ignoring case), e.g. DEFAULT_PERSPECTIVE. */
export class GlobalConfig1764430000000 implements MigrationInterface {
  name = 'GlobalConfig1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE global_config (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key varchar(254) NOT NULL,
        value text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX global_config_key_uq ON global_config (lower(key));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE global_config`);
  }
}
