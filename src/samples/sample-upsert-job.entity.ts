import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/** One refused item of a bulk upsert, as the job status endpoint lists it. */
export interface BulkUpsertItemError {
  /** The item's position in the request array (0-based). */
  index?: number;
  /** The item's sample name as sent (null when the item had none). */
  name: string | null;
  type: string;
  message: string;
}

/** The record of one bulk upsert request: processed in the request, so always `complete`. */
@Entity({ name: 'sample_upsert_jobs' })
export class SampleUpsertJobEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'complete' })
  status!: string;

  @Column({ name: 'errors', type: 'jsonb', default: () => "'[]'" })
  errors!: BulkUpsertItemError[];

  /** Items in the request. */
  @Column({ name: 'received', type: 'integer', default: 0 })
  received!: number;

  /** Samples written (after duplicate names collapsed, the last one winning). */
  @Column({ name: 'written', type: 'integer', default: 0 })
  written!: number;

  /** Items refused (listed in `errors`). */
  @Column({ name: 'refused', type: 'integer', default: 0 })
  refused!: number;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'CASCADE' })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
