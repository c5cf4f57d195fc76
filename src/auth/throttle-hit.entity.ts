import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One counted hit of a throttling rule (failed sign-in, token creation, registration). */
@Entity({ name: 'throttle_hits' })
@Index('throttle_hits_key_idx', ['bucket', 'key', 'at'])
@Index('throttle_hits_at_idx', ['at'])
export class ThrottleHitEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  /** The rule's name. */
  @Column({ name: 'bucket', type: 'varchar', length: 40 })
  bucket!: string;

  /** A digest of what is counted (account, address, user id), never the value in clear. */
  @Column({ name: 'key', type: 'char', length: 64 })
  key!: string;

  @Column({ name: 'at', type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
