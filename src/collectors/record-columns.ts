import { Column, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/** The columns of every collector-side record: id, name, description, creator and timestamps. */
export abstract class NamedRecordColumns {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'description', type: 'varchar', length: 4096, nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User')
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Plus the help contacts (collectors, templates, generators). */
export abstract class HelpedRecordColumns extends NamedRecordColumns {
  @Column({ name: 'help_email', type: 'varchar', length: 254, nullable: true })
  helpEmail!: string | null;

  @Column({ name: 'help_url', type: 'varchar', length: 2082, nullable: true })
  helpUrl!: string | null;
}
