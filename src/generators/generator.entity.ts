import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { HelpedRecordColumns } from '../collectors/record-columns';

/** A sample generator: a template, a subject query, aspects and a context, run by a collector. */
@Entity({ name: 'generators' })
@Index('generators_collector_idx', ['collectorId'])
@Index('generators_group_idx', ['collectorGroupId'])
export class GeneratorEntity extends HelpedRecordColumns {
  @Column({ name: 'aspects', type: 'text', array: true, default: () => "'{}'" })
  aspects!: string[];

  @Column({ name: 'subject_query', type: 'varchar', length: 4096 })
  subjectQuery!: string;

  @Column({ name: 'template_name', type: 'varchar', length: 60 })
  templateName!: string;

  /** A semver range; the highest published matching version is used. */
  @Column({ name: 'template_version', type: 'varchar', length: 64 })
  templateVersion!: string;

  /** The context values that are not secret. */
  @Column({ name: 'context', type: 'jsonb', default: () => "'{}'" })
  context!: Record<string, unknown>;

  /** Secret context values, each sealed with the key derived from SECRET_KEY. */
  @Column({ name: 'secret_context', type: 'jsonb', default: () => "'{}'" })
  secretContext!: Record<string, string>;

  @Column({ name: 'interval_secs', type: 'integer', default: 60 })
  intervalSecs!: number;

  @Column({ name: 'collector_group_id', type: 'uuid', nullable: true })
  @ForeignKey('CollectorGroupEntity', { onDelete: 'SET NULL' })
  collectorGroupId!: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: false })
  isActive!: boolean;

  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** The collector it runs on now (null: waiting for one). */
  @Column({ name: 'collector_id', type: 'uuid', nullable: true })
  @ForeignKey('CollectorEntity', { onDelete: 'SET NULL' })
  collectorId!: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'last_upsert_at', type: 'timestamptz', nullable: true })
  lastUpsertAt!: Date | null;

  /** Bumped by every change the collector must hear of. */
  @Column({ name: 'revision', type: 'integer', default: 1 })
  revision!: number;



}
