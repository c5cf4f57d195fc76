import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The statuses of a collector (COLLECTORS.md). */
export type CollectorStatus = 'Stopped' | 'Running' | 'Paused' | 'MissedHeartbeat';

/** A refocus-collector process, registered at its first start. */
@Entity({ name: 'collectors' })
export class CollectorEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'description', type: 'varchar', length: 4096, nullable: true })
  description!: string | null;

  @Column({ name: 'help_email', type: 'varchar', length: 254, nullable: true })
  helpEmail!: string | null;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'Stopped' })
  status!: CollectorStatus;

  @Column({ name: 'registered', type: 'boolean', default: true })
  registered!: boolean;

  @Column({ name: 'last_heartbeat', type: 'timestamptz', nullable: true })
  lastHeartbeat!: Date | null;

  @Column({ name: 'os_info', type: 'jsonb', nullable: true })
  osInfo!: Record<string, unknown> | null;

  @Column({ name: 'process_info', type: 'jsonb', nullable: true })
  processInfo!: Record<string, unknown> | null;

  @Column({ name: 'version', type: 'varchar', length: 64, nullable: true })
  version!: string | null;

  @Column({ name: 'collector_group_id', type: 'uuid', nullable: true })
  collectorGroupId!: string | null;

  /** The user whose token started it last: the collector token acts as this user. */
  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  startedBy!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A generator a collector was given (by name, at a revision): the base of its next heartbeat's changes. */
@Entity({ name: 'collector_deliveries' })
export class CollectorDeliveryEntity {
  @PrimaryColumn({ name: 'collector_id', type: 'uuid' })
  collectorId!: string;

  @PrimaryColumn({ name: 'generator_name', type: 'varchar', length: 60 })
  generatorName!: string;

  @Column({ name: 'generator_id', type: 'uuid', nullable: true })
  generatorId!: string | null;

  @Column({ name: 'revision', type: 'integer' })
  revision!: number;
}
