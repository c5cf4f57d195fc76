import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import type { TokenKind } from './token-kind';

/** A named API token. Only the keyed digest of the secret is stored. */
@Entity({ name: 'tokens' })
@Index('tokens_digest_uq', ['digest'], { unique: true })
// Kept as the migrations made them (partial, on an expression): TypeORM neither creates nor drops these.
@Index('tokens_user_name_uq', { synchronize: false })
@Index('tokens_bound_idx', { synchronize: false })
@Check('tokens_kind_chk', `kind IN ('user', 'collector', 'generator', 'bot', 'room')`)
@Check('tokens_bound_chk', `(kind = 'user') = (bound_id IS NULL)`)
export class Token {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  /** HMAC-SHA-256(SECRET_KEY, secret), hex; unique. */
  @Column({ name: 'digest', type: 'char', length: 64, select: false })
  digest!: string;

  /** `user` for a person's named token; otherwise the kind of record it was issued for. */
  @Column({ name: 'kind', type: 'varchar', length: 16, default: 'user' })
  kind!: TokenKind;

  /** The collector, generator, bot or room the token was issued for (null for `user` tokens). */
  @Column({ name: 'bound_id', type: 'varchar', length: 64, nullable: true })
  boundId!: string | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** "0" or the revocation time in ms (bigint, kept as a string). */
  @Column({ name: 'is_revoked', type: 'bigint', default: '0' })
  isRevoked!: string;

  @Column({ name: 'last_used', type: 'timestamptz', nullable: true })
  lastUsed!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
