import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** The server-side record of a signed-in web session: signing out deletes it, so a copied cookie dies with it. */
@Entity({ name: 'web_sessions' })
@Index('web_sessions_user_idx', ['userId'])
@Index('web_sessions_expiry_idx', ['expiresAt'])
export class WebSessionEntity {
  /** The random session id the cookie and its CSRF tokens are bound to. */
  @PrimaryColumn({ name: 'sid', type: 'varchar', length: 32 })
  sid!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
