import { Column, Entity, Index } from 'typeorm';
import { NamedRecordColumns } from '../common/record-times';

/** One action a bot offers: a name and its parameters (`{name, type}` or `{name, value}`). */
export interface BotActionSpec {
  name: string;
  parameters?: { name: string; type?: string; value?: unknown }[];
}

/** A bot: a small web app (its UI is a zip) that answers actions and posts events in rooms. */
@Entity({ name: 'bots' })
@Index('bots_name_uq', { synchronize: false }) // unique on lower(name)
export class BotEntity extends NamedRecordColumns {
  @Column({ name: 'url', type: 'varchar', length: 2082 })
  url!: string;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;

  @Column({ name: 'owner_url', type: 'varchar', length: 2082, nullable: true })
  ownerUrl!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 60, nullable: true })
  displayName!: string | null;

  @Column({ name: 'version', type: 'varchar', length: 10 })
  version!: string;

  @Column({ name: 'active', type: 'boolean', default: false })
  active!: boolean;

  @Column({ name: 'actions', type: 'jsonb', default: () => "'[]'" })
  actions!: BotActionSpec[];

  @Column({ name: 'settings', type: 'jsonb', default: () => "'[]'" })
  settings!: { key: string; helpText?: string }[];

  @Column({ name: 'data', type: 'jsonb', default: () => "'[]'" })
  data!: { name: string; type: string }[];

  @Column({ name: 'ui', type: 'bytea', nullable: true })
  ui!: Buffer | null;

  @Column({ name: 'ui_name', type: 'varchar', length: 255, nullable: true })
  uiName!: string | null;

  @Column({ name: 'last_heartbeat', type: 'timestamptz', nullable: true })
  lastHeartbeat!: Date | null;
}
