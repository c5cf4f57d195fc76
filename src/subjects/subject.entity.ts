import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { DescribedRecordColumns } from '../common/record-columns';

/** A node of the subject hierarchy (table `subjects`). childCount and hierarchyLevel are computed on read. */
@Entity({ name: 'subjects' })
@Index('subjects_parent_idx', ['parentId'])
export class SubjectEntity extends DescribedRecordColumns {
  @Column({ name: 'absolute_path', type: 'varchar', length: 4096 })
  absolutePath!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  @ForeignKey('SubjectEntity')
  parentId!: string | null;

  @Column({ name: 'sort_by', type: 'varchar', length: 254, default: '' })
  sortBy!: string;

  @Column({ name: 'geolocation', type: 'double precision', array: true, nullable: true })
  geolocation!: number[] | null;
}
