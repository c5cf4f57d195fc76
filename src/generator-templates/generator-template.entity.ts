import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How to call a remote data source and turn its answer into samples (run by the collector). */
@Entity({ name: 'generator_templates' })
export class GeneratorTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'version', type: 'varchar', length: 64 })
  version!: string;

  @Column({ name: 'description', type: 'varchar', length: 4096, nullable: true })
  description!: string | null;

  @Column({ name: 'author', type: 'jsonb', nullable: true })
  author!: Record<string, unknown> | null;

  @Column({ name: 'repository', type: 'jsonb', nullable: true })
  repository!: Record<string, unknown> | null;

  @Column({ name: 'connection', type: 'jsonb' })
  connection!: Record<string, unknown>;

  @Column({ name: 'context_definition', type: 'jsonb', default: () => "'{}'" })
  contextDefinition!: Record<string, unknown>;

  @Column({ name: 'transform', type: 'jsonb' })
  transform!: Record<string, unknown>;

  @Column({ name: 'help_email', type: 'varchar', length: 254, nullable: true })
  helpEmail!: string | null;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;

  @Column({ name: 'is_published', type: 'boolean', default: false })
  isPublished!: boolean;

  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
