import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A related link of a sample. */
export interface SampleRelatedLink {
  name: string;
  url: string;
}

/**
 * One sample: the latest value of an aspect on a subject, keyed by (subject, aspect). Its name
 * `subjectAbsolutePath|aspectName` is not stored: it is computed from the subject and the
 * aspect, so renames and moves carry the samples along. Reads and writes go through raw SQL in
 * SamplesRepository / helpers/sample-upsert.ts; the entity documents the table.
 */
@Entity({ name: 'samples' })
@Index('samples_aspect_idx', ['aspectId'])
export class SampleEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  @ForeignKey('SubjectEntity', { onDelete: 'CASCADE' })
  subjectId!: string;

  @PrimaryColumn({ name: 'aspect_id', type: 'uuid' })
  @ForeignKey('AspectEntity', { onDelete: 'CASCADE' })
  aspectId!: string;

  @Column({ name: 'value', type: 'varchar', length: 255, default: '' })
  value!: string;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'Invalid' })
  status!: string;

  @Column({ name: 'previous_status', type: 'varchar', length: 10, default: 'Invalid' })
  previousStatus!: string;

  @Column({ name: 'status_changed_at', type: 'timestamptz', default: () => 'now()' })
  statusChangedAt!: Date;

  @Column({ name: 'message_code', type: 'varchar', length: 5, nullable: true })
  messageCode!: string | null;

  @Column({ name: 'message_body', type: 'varchar', length: 4096, nullable: true })
  messageBody!: string | null;

  @Column({ name: 'related_links', type: 'jsonb', default: () => "'[]'" })
  relatedLinks!: SampleRelatedLink[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User')
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
