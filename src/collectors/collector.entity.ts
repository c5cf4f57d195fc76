import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { HelpedRecordColumns } from './record-columns';

/** The statuses of a collector (COLLECTORS.md). */
export type CollectorStatus = 'Stopped' | 'Running' | 'Paused' | 'MissedHeartbeat';

/** A refocus-collector process, registered at its first start. */
@Entity({ name: 'collectors' })
@Index('collectors_group_idx', ['collectorGroupId'])
export class CollectorEntity extends HelpedRecordColumns {
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
  @ForeignKey('CollectorGroupEntity', { onDelete: 'SET NULL' })
  collectorGroupId!: string | null;

  /** The user whose token started it last: the collector token acts as this user. */
  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  @ForeignKey('User')
  startedBy!: string | null;
}

/** A generator a collector was given (by name, at a revision): the base of its next heartbeat's changes. */
@Entity({ name: 'collector_deliveries' })
@Index('collector_deliveries_generator_idx', ['generatorId'])
export class CollectorDeliveryEntity {
  @PrimaryColumn({ name: 'collector_id', type: 'uuid' })
  @ForeignKey('CollectorEntity', { onDelete: 'CASCADE' })
  collectorId!: string;

  @PrimaryColumn({ name: 'generator_name', type: 'varchar', length: 60 })
  generatorName!: string;

  @Column({ name: 'generator_id', type: 'uuid', nullable: true })
  @ForeignKey('GeneratorEntity', { onDelete: 'SET NULL' })
  generatorId!: string | null;

  @Column({ name: 'revision', type: 'integer' })
  revision!: number;
}
