import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { OwnedRecordColumns } from '../common/record-columns';

/** INCLUDE keeps only the listed values; EXCLUDE (the default) drops them. */
export type FilterType = 'INCLUDE' | 'EXCLUDE';

/** A saved view: a root subject, filters, and the lens that draws it. */
@Entity({ name: 'perspectives' })
@Index('perspectives_lens_idx', ['lensId'])
export class PerspectiveEntity extends OwnedRecordColumns {
  @Column({ name: 'root_subject', type: 'varchar', length: 4096 })
  rootSubject!: string;

  @Column({ name: 'lens_id', type: 'uuid' })
  @ForeignKey('LensEntity')
  lensId!: string;

  @Column({ name: 'aspect_filter', type: 'text', array: true, default: () => "'{}'" })
  aspectFilter!: string[];

  @Column({ name: 'aspect_filter_type', type: 'varchar', length: 7, default: 'EXCLUDE' })
  aspectFilterType!: FilterType;

  @Column({ name: 'aspect_tag_filter', type: 'text', array: true, default: () => "'{}'" })
  aspectTagFilter!: string[];

  @Column({ name: 'aspect_tag_filter_type', type: 'varchar', length: 7, default: 'EXCLUDE' })
  aspectTagFilterType!: FilterType;

  @Column({ name: 'subject_tag_filter', type: 'text', array: true, default: () => "'{}'" })
  subjectTagFilter!: string[];

  @Column({ name: 'subject_tag_filter_type', type: 'varchar', length: 7, default: 'EXCLUDE' })
  subjectTagFilterType!: FilterType;

  @Column({ name: 'status_filter', type: 'text', array: true, default: () => "'{}'" })
  statusFilter!: string[];

  @Column({ name: 'status_filter_type', type: 'varchar', length: 7, default: 'EXCLUDE' })
  statusFilterType!: FilterType;
}
