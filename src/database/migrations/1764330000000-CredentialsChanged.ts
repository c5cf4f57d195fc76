import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to what the token guard reads (a token's state, its owner, the owner's
 * profile) notifies the channel `refocus_credentials`, so that every server process clears its
 * credentials cache (src/auth/credentials-cache.ts). `last_used`, `last_login` and password
 * changes are not part of it and do not notify.
 */
export class CredentialsChanged1764330000000 implements MigrationInterface {
  name = 'CredentialsChanged1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('refocus_credentials', '');
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER tokens_credentials_changed
        AFTER UPDATE OF digest, user_id, is_revoked, expires_at OR DELETE OR TRUNCATE ON tokens
        FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
      CREATE TRIGGER users_credentials_changed
        AFTER UPDATE OF name, email, profile_id, deleted_at OR DELETE OR TRUNCATE ON users
        FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
      CREATE TRIGGER profiles_credentials_changed
        AFTER UPDATE OF name OR DELETE OR TRUNCATE ON profiles
        FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER profiles_credentials_changed ON profiles;
      DROP TRIGGER users_credentials_changed ON users;
      DROP TRIGGER tokens_credentials_changed ON tokens;
      DROP FUNCTION notify_credentials_changed();
    `);
  }
}
