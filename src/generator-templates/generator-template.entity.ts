import { Column, Entity, Index } from 'typeorm';
import { HelpedRecordColumns } from '../collectors/record-columns';
import type { ContextEntry } from './template-rules';

/** How to call a remote data source and turn its answer into samples (run by the collector). */
@Entity({ name: 'generator_templates' })
// Unique on (lower(name), version): an expression index, created by the migration.
@Index('generator_templates_name_version_uq', { synchronize: false })
export class GeneratorTemplateEntity extends HelpedRecordColumns {
  @Column({ name: 'version', type: 'varchar', length: 64 })
  version!: string;


  @Column({ name: 'author', type: 'jsonb', nullable: true })
  author!: Record<string, unknown> | null;

  @Column({ name: 'repository', type: 'jsonb', nullable: true })
  repository!: Record<string, unknown> | null;

  @Column({ name: 'connection', type: 'jsonb' })
  connection!: Record<string, unknown>;

  @Column({ name: 'context_definition', type: 'jsonb', default: () => "'{}'" })
  contextDefinition!: Record<string, ContextEntry>;

  @Column({ name: 'transform', type: 'jsonb' })
  transform!: Record<string, unknown>;



  @Column({ name: 'is_published', type: 'boolean', default: false })
  isPublished!: boolean;

  @Column({ name: 'tags', type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];



}
