import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One security-relevant event (issue 18). Append-only: the API never updates or deletes one; retention prunes. */
@Entity({ name: 'audit_events' })
@Index('audit_events_at_idx', ['at'])
@Index('audit_events_actor_idx', ['actorId', 'at'])
@Index('audit_events_target_idx', ['targetId', 'at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'at', type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** No foreign key: the record outlives the user it names. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 255, nullable: true })
  actorName!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 64, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId!: string | null;

  @Column({ name: 'target_name', type: 'varchar', length: 4096, nullable: true })
  targetName!: string | null;

  @Column({ name: 'outcome', type: 'varchar', length: 16 })
  outcome!: string;

  @Column({ name: 'address', type: 'varchar', length: 64, nullable: true })
  address!: string | null;

  @Column({ name: 'details', type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
