import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Profile } from '../profiles/profile.entity';

/** A person who signs in and owns API tokens. Soft-deleted (deleted_at); the hash is never selected by default. */
@Entity({ name: 'users' })
@Index('users_profile_idx', ['profileId'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 254 })
  name!: string;

  @Column({ name: 'email', type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 256, nullable: true })
  fullName!: string | null;

  @Column({ name: 'image_url', type: 'varchar', length: 2082, nullable: true })
  imageUrl!: string | null;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ name: 'profile_id', type: 'uuid' })
  profileId!: string;

  @ManyToOne(() => Profile, { nullable: false })
  @JoinColumn({ name: 'profile_id' })
  profile?: Profile;

  @Column({ name: 'sso', type: 'boolean', default: false })
  sso!: boolean;

  @Column({ name: 'last_login', type: 'timestamptz', nullable: true })
  lastLogin!: Date | null;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The first admin, created at first start; cannot be deleted, renamed or demoted. */
export const FIRST_ADMIN_NAME = 'admin@refocus.admin';
