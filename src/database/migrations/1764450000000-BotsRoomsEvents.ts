import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bots, room types, rooms, bot actions, bot data and events (BOTS.md), their writers lists,
 * and the jobs of events bulk creation. Names are unique ignoring case; rooms have integer ids
 * as in the original (the BDK parses them with parseInt).
 */
export class BotsRoomsEvents1764450000000 implements MigrationInterface {
  name = 'BotsRoomsEvents1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        url varchar(2082) NOT NULL,
        help_url varchar(2082),
        owner_url varchar(2082),
        display_name varchar(60),
        version varchar(10) NOT NULL,
        active boolean NOT NULL DEFAULT false,
        actions jsonb NOT NULL DEFAULT '[]',
        settings jsonb NOT NULL DEFAULT '[]',
        data jsonb NOT NULL DEFAULT '[]',
        ui bytea,
        ui_name varchar(255),
        last_heartbeat timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX bots_name_uq ON bots (lower(name));

      CREATE TABLE room_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(60) NOT NULL,
        is_enabled boolean NOT NULL DEFAULT false,
        settings jsonb,
        rules jsonb NOT NULL DEFAULT '[]',
        bots text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX room_types_name_uq ON room_types (lower(name));

      CREATE TABLE rooms (
        id serial PRIMARY KEY,
        name varchar(60) NOT NULL,
        type uuid NOT NULL REFERENCES room_types(id),
        external_id varchar(255),
        origin varchar(32) NOT NULL DEFAULT 'other',
        settings jsonb,
        active boolean NOT NULL DEFAULT false,
        bots text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX rooms_name_uq ON rooms (lower(name));
      CREATE INDEX rooms_type_idx ON rooms (type);

      CREATE TABLE bot_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(254) NOT NULL,
        room_id integer NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        bot_id uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        is_pending boolean NOT NULL DEFAULT true,
        parameters jsonb,
        response jsonb,
        action_log text,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bot_actions_bot_idx ON bot_actions (bot_id, is_pending);
      CREATE INDEX bot_actions_room_idx ON bot_actions (room_id);

      CREATE TABLE bot_data (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(254) NOT NULL,
        value text NOT NULL DEFAULT '',
        room_id integer NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        bot_id uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX bot_data_name_uq ON bot_data (lower(name), room_id, bot_id);
      CREATE INDEX bot_data_bot_idx ON bot_data (bot_id);

      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        log text NOT NULL,
        action_type varchar(254),
        context jsonb,
        room_id integer REFERENCES rooms(id) ON DELETE CASCADE,
        bot_id uuid REFERENCES bots(id) ON DELETE SET NULL,
        bot_data_id uuid REFERENCES bot_data(id) ON DELETE SET NULL,
        bot_action_id uuid REFERENCES bot_actions(id) ON DELETE SET NULL,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX events_room_idx ON events (room_id, created_at);
      CREATE INDEX events_bot_idx ON events (bot_id);

      CREATE TABLE event_bulk_jobs (
        id bigserial PRIMARY KEY,
        status varchar(16) NOT NULL DEFAULT 'complete',
        errors jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE bot_writers (
        bot_id uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bot_id, user_id)
      );
      CREATE TABLE room_type_writers (
        room_type_id uuid NOT NULL REFERENCES room_types(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (room_type_id, user_id)
      );
      CREATE TABLE room_writers (
        room_id integer NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (room_id, user_id)
      );
      CREATE TABLE bot_action_writers (
        bot_action_id uuid NOT NULL REFERENCES bot_actions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bot_action_id, user_id)
      );
      CREATE TABLE bot_data_writers (
        bot_data_id uuid NOT NULL REFERENCES bot_data(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bot_data_id, user_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE bot_data_writers, bot_action_writers, room_writers, room_type_writers, bot_writers,
        event_bulk_jobs, events, bot_data, bot_actions, rooms, room_types, bots;
    `);
  }
}
