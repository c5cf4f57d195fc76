import { Column, Entity } from 'typeorm';
import { OwnedRecordColumns } from '../common/record-columns';

/** A lens: a zipped UI library (lens.js + lens.json) that draws perspectives. */
@Entity({ name: 'lenses' })
export class LensEntity extends OwnedRecordColumns {
  @Column({ name: 'source_name', type: 'varchar', length: 60 })
  sourceName!: string;

  @Column({ name: 'description', type: 'varchar', length: 4096, nullable: true })
  description!: string | null;

  @Column({ name: 'source_description', type: 'varchar', length: 4096, nullable: true })
  sourceDescription!: string | null;

  @Column({ name: 'version', type: 'varchar', length: 64, nullable: true })
  version!: string | null;

  @Column({ name: 'source_version', type: 'varchar', length: 64, nullable: true })
  sourceVersion!: string | null;

  @Column({ name: 'help_email', type: 'varchar', length: 254, nullable: true })
  helpEmail!: string | null;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;

  @Column({ name: 'thumbnail_url', type: 'varchar', length: 2082, nullable: true })
  thumbnailUrl!: string | null;

  @Column({ name: 'is_custom', type: 'boolean', default: true })
  isCustom!: boolean;

  @Column({ name: 'is_published', type: 'boolean', default: false })
  isPublished!: boolean;

  @Column({ name: 'lens_event_api_version', type: 'integer', default: 1 })
  lensEventApiVersion!: number;

  /** Keys of lens.json the record has no column for, kept as they came. */
  @Column({ name: 'metadata', type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, unknown>;

  /** The zip itself; only GET one returns it (unpacked). */
  @Column({ name: 'library', type: 'bytea', select: false })
  library!: Buffer;
}
