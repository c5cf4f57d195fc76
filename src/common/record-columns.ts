import { Column, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Columns every named, user-created record has (subjects, aspects, lenses, perspectives): id,
 * name, creator, owner and timestamps. Entities extend it (TypeORM inherits the columns; each
 * entity keeps its own table).
 */
export abstract class OwnedRecordColumns {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  // Foreign keys name their target entity ('User'), so that common/ imports no feature.
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User')
  createdBy!: string | null;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  @ForeignKey('User')
  ownerId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Plus what subjects and aspects share: publication, describing texts and links, tags, related links. */
export abstract class DescribedRecordColumns extends OwnedRecordColumns {
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

  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'related_links', type: 'jsonb', default: () => "'[]'" })
  relatedLinks!: { name: string; url: string }[];
}
