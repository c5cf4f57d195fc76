import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One status change of a sample (issue 18); written by the upsert, timeout and range-recompute statements. */
@Entity({ name: 'sample_status_history' })
@Index('sample_status_history_at_brin', ['at'], { type: 'brin' })
@Index('sample_status_history_sample_idx', ['subjectId', 'aspectId', 'at'])
export class StatusChangeEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ name: 'aspect_id', type: 'uuid' })
  aspectId!: string;

  /** Null: the sample was created with `toStatus`. */
  @Column({ name: 'from_status', type: 'varchar', length: 10, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 10 })
  toStatus!: string;

  @Column({ name: 'value', type: 'varchar', length: 255, default: '' })
  value!: string;

  @Column({ name: 'message_code', type: 'varchar', length: 5, nullable: true })
  messageCode!: string | null;

  @Column({ name: 'at', type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
