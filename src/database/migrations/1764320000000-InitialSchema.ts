import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole v1 model: identity (profiles, users, tokens), monitoring (subjects, aspects,
 * samples, perspectives, lenses), writers, and bulk upsert jobs.
 * Names are unique ignoring case through expression indexes on lower(...).
 */
export class InitialSchema1764320000000 implements MigrationInterface {
  name = 'InitialSchema1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX profiles_name_uq ON profiles (lower(name));

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(254) NOT NULL,
        email varchar(254) NOT NULL,
        full_name varchar(256),
        image_url varchar(2082),
        password_hash text NOT NULL,
        profile_id uuid NOT NULL REFERENCES profiles(id),
        sso boolean NOT NULL DEFAULT false,
        last_login timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_name_uq ON users (lower(name)) WHERE deleted_at IS NULL;
      CREATE INDEX users_profile_idx ON users (profile_id);

      CREATE TABLE tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        digest char(64) NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        is_revoked bigint NOT NULL DEFAULT 0,
        last_used timestamptz,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX tokens_digest_uq ON tokens (digest);
      CREATE UNIQUE INDEX tokens_user_name_uq ON tokens (user_id, lower(name));

      CREATE TABLE subjects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        absolute_path varchar(4096) NOT NULL,
        parent_id uuid REFERENCES subjects(id),
        is_published boolean NOT NULL DEFAULT false,
        description varchar(4096),
        help_email varchar(254),
        help_url varchar(2082),
        image_url varchar(2082),
        sort_by varchar(254) NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        related_links jsonb NOT NULL DEFAULT '[]',
        geolocation double precision[],
        created_by uuid REFERENCES users(id),
        owner_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX subjects_path_uq ON subjects (lower(absolute_path));
      CREATE INDEX subjects_path_prefix_idx ON subjects (lower(absolute_path) text_pattern_ops);
      CREATE INDEX subjects_parent_idx ON subjects (parent_id);

      CREATE TABLE aspects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        timeout varchar(10) NOT NULL,
        timeout_seconds bigint GENERATED ALWAYS AS (
          (substring(timeout from '^[0-9]+'))::bigint *
          CASE lower(right(timeout, 1)) WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600 ELSE 86400 END
        ) STORED,
        value_type varchar(10) NOT NULL DEFAULT 'BOOLEAN',
        critical_range double precision[],
        warning_range double precision[],
        info_range double precision[],
        ok_range double precision[],
        rank integer,
        value_label varchar(10),
        is_published boolean NOT NULL DEFAULT false,
        description varchar(4096),
        help_email varchar(254),
        help_url varchar(2082),
        image_url varchar(2082),
        tags text[] NOT NULL DEFAULT '{}',
        related_links jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES users(id),
        owner_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX aspects_name_uq ON aspects (lower(name));

      CREATE TABLE samples (
        subject_id uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        aspect_id uuid NOT NULL REFERENCES aspects(id) ON DELETE CASCADE,
        value varchar(255) NOT NULL DEFAULT '',
        status varchar(10) NOT NULL DEFAULT 'Invalid',
        previous_status varchar(10) NOT NULL DEFAULT 'Invalid',
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        message_code varchar(5),
        message_body varchar(4096),
        related_links jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, aspect_id)
      );
      CREATE INDEX samples_aspect_idx ON samples (aspect_id);
      CREATE INDEX samples_not_timed_out_idx ON samples (aspect_id, updated_at) WHERE status <> 'Timeout';

      CREATE TABLE lenses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        source_name varchar(60) NOT NULL,
        description varchar(4096),
        source_description varchar(4096),
        version varchar(64),
        source_version varchar(64),
        help_email varchar(254),
        help_url varchar(2082),
        thumbnail_url varchar(2082),
        is_custom boolean NOT NULL DEFAULT true,
        is_published boolean NOT NULL DEFAULT false,
        lens_event_api_version integer NOT NULL DEFAULT 1,
        metadata jsonb NOT NULL DEFAULT '{}',
        library bytea NOT NULL,
        created_by uuid REFERENCES users(id),
        owner_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX lenses_name_uq ON lenses (lower(name));

      CREATE TABLE perspectives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        root_subject varchar(4096) NOT NULL,
        lens_id uuid NOT NULL REFERENCES lenses(id),
        aspect_filter text[] NOT NULL DEFAULT '{}',
        aspect_filter_type varchar(7) NOT NULL DEFAULT 'EXCLUDE',
        aspect_tag_filter text[] NOT NULL DEFAULT '{}',
        aspect_tag_filter_type varchar(7) NOT NULL DEFAULT 'EXCLUDE',
        subject_tag_filter text[] NOT NULL DEFAULT '{}',
        subject_tag_filter_type varchar(7) NOT NULL DEFAULT 'EXCLUDE',
        status_filter text[] NOT NULL DEFAULT '{}',
        status_filter_type varchar(7) NOT NULL DEFAULT 'EXCLUDE',
        created_by uuid REFERENCES users(id),
        owner_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX perspectives_name_uq ON perspectives (lower(name));
      CREATE INDEX perspectives_lens_idx ON perspectives (lens_id);

      CREATE TABLE subject_writers (
        subject_id uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, user_id)
      );
      CREATE TABLE aspect_writers (
        aspect_id uuid NOT NULL REFERENCES aspects(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (aspect_id, user_id)
      );
      CREATE TABLE perspective_writers (
        perspective_id uuid NOT NULL REFERENCES perspectives(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (perspective_id, user_id)
      );
      CREATE TABLE lens_writers (
        lens_id uuid NOT NULL REFERENCES lenses(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lens_id, user_id)
      );

      CREATE TABLE sample_upsert_jobs (
        id bigserial PRIMARY KEY,
        status varchar(16) NOT NULL DEFAULT 'complete',
        errors jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE sample_upsert_jobs, lens_writers, perspective_writers, aspect_writers,
        subject_writers, perspectives, lenses, samples, aspects, subjects, tokens, users, profiles;
    `);
  }
}
