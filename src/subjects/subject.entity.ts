import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A node of the subject hierarchy (table `subjects`). childCount and hierarchyLevel are computed on read. */
@Entity({ name: 'subjects' })
export class SubjectEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'absolute_path', type: 'varchar', length: 4096 })
  absolutePath!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ name: 'is_published', type: 'boolean', default: false })
  isPublished!: boolean;

  @Column({ name: 'description', type: 'varchar', length: 4096, nullable: true })
  description!: string | null;

  @Column({ name: 'help_email', type: 'varchar', length: 254, nullable: true })
  helpEmail!: string | null;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;

  @Column({ name: 'image_url', type: 'varchar', length: 2082, nullable: true })
  imageUrl!: string | null;

  @Column({ name: 'sort_by', type: 'varchar', length: 254, default: '' })
  sortBy!: string;

  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'related_links', type: 'jsonb', default: () => "'[]'" })
  relatedLinks!: { name: string; url: string }[];

  @Column({ name: 'geolocation', type: 'double precision', array: true, nullable: true })
  geolocation!: number[] | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
