import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One global setting (e.g. DEFAULT_PERSPECTIVE). Keys are unique ignoring case. */
@Entity({ name: 'global_config' })
export class GlobalConfigEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'key', type: 'varchar', length: 254 })
  key!: string;

  @Column({ name: 'value', type: 'text', nullable: true })
  value!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The global config key naming the perspective `/perspectives` opens. */
export const DEFAULT_PERSPECTIVE_KEY = 'DEFAULT_PERSPECTIVE';
