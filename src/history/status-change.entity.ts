import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const PK = 'sample_status_history_pkey';

/**
 * One status change of a sample (issue 18), keyed by sample and time; written by the upsert,
 * timeout and range-recompute statements (history-sql.ts).
 */
@Entity({ name: 'sample_status_history' })
@Index('sample_status_history_at_brin', ['at'], { type: 'brin' })
export class StatusChangeEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid', primaryKeyConstraintName: PK })
  subjectId!: string;

  @PrimaryColumn({ name: 'aspect_id', type: 'uuid', primaryKeyConstraintName: PK })
  aspectId!: string;

  @PrimaryColumn({ name: 'at', type: 'timestamptz', default: () => 'now()', primaryKeyConstraintName: PK })
  at!: Date;

  /** Null: the sample was created with `toStatus`. */
  @Column({ name: 'from_status', type: 'varchar', length: 10, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 10 })
  toStatus!: string;

  @Column({ name: 'value', type: 'varchar', length: 255, default: '' })
  value!: string;

  @Column({ name: 'message_code', type: 'varchar', length: 5, nullable: true })
  messageCode!: string | null;
}
