import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collectors, collector groups, generator templates and sample generators (COLLECTORS.md), their
 * writers lists, and what each collector was last given (so that every heartbeat answers with
 * the changes since, once).
 */
export class Collectors1764440000000 implements MigrationInterface {
  name = 'Collectors1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collector_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        description varchar(4096),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX collector_groups_name_uq ON collector_groups (lower(name));

      CREATE TABLE collectors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        description varchar(4096),
        help_email varchar(254),
        help_url varchar(2082),
        status varchar(16) NOT NULL DEFAULT 'Stopped',
        registered boolean NOT NULL DEFAULT true,
        last_heartbeat timestamptz,
        os_info jsonb,
        process_info jsonb,
        version varchar(64),
        collector_group_id uuid REFERENCES collector_groups(id) ON DELETE SET NULL,
        started_by uuid REFERENCES users(id),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX collectors_name_uq ON collectors (lower(name));
      CREATE INDEX collectors_group_idx ON collectors (collector_group_id);

      CREATE TABLE generator_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        version varchar(64) NOT NULL,
        description varchar(4096),
        author jsonb,
        repository jsonb,
        connection jsonb NOT NULL,
        context_definition jsonb NOT NULL DEFAULT '{}',
        transform jsonb NOT NULL,
        help_email varchar(254),
        help_url varchar(2082),
        is_published boolean NOT NULL DEFAULT false,
        tags text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX generator_templates_name_version_uq ON generator_templates (lower(name), version);

      CREATE TABLE generators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        description varchar(4096),
        help_email varchar(254),
        help_url varchar(2082),
        aspects text[] NOT NULL DEFAULT '{}',
        subject_query varchar(4096) NOT NULL,
        template_name varchar(60) NOT NULL,
        template_version varchar(64) NOT NULL,
        context jsonb NOT NULL DEFAULT '{}',
        secret_context jsonb NOT NULL DEFAULT '{}',
        interval_secs integer NOT NULL DEFAULT 60,
        collector_group_id uuid REFERENCES collector_groups(id) ON DELETE SET NULL,
        is_active boolean NOT NULL DEFAULT false,
        tags text[] NOT NULL DEFAULT '{}',
        collector_id uuid REFERENCES collectors(id) ON DELETE SET NULL,
        assigned_at timestamptz,
        last_upsert_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX generators_name_uq ON generators (lower(name));
      CREATE INDEX generators_collector_idx ON generators (collector_id);
      CREATE INDEX generators_group_idx ON generators (collector_group_id);

      -- What each collector was last given: (collector, generator name) at a revision. The next
      -- heartbeat's generatorsAdded/Updated/Deleted is the difference from what it should run.
      CREATE TABLE collector_deliveries (
        collector_id uuid NOT NULL REFERENCES collectors(id) ON DELETE CASCADE,
        generator_name varchar(60) NOT NULL,
        generator_id uuid REFERENCES generators(id) ON DELETE SET NULL,
        revision integer NOT NULL,
        PRIMARY KEY (collector_id, generator_name)
      );
      CREATE INDEX collector_deliveries_generator_idx ON collector_deliveries (generator_id);

      CREATE TABLE collector_writers (
        collector_id uuid NOT NULL REFERENCES collectors(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collector_id, user_id)
      );
      CREATE TABLE collector_group_writers (
        collector_group_id uuid NOT NULL REFERENCES collector_groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collector_group_id, user_id)
      );
      CREATE TABLE generator_template_writers (
        generator_template_id uuid NOT NULL REFERENCES generator_templates(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generator_template_id, user_id)
      );
      CREATE TABLE generator_writers (
        generator_id uuid NOT NULL REFERENCES generators(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generator_id, user_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE generator_writers, generator_template_writers, collector_group_writers, collector_writers,
        collector_deliveries, generators, generator_templates, collectors, collector_groups;
    `);
  }
}
