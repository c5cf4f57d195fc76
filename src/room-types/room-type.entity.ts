import { Column, Entity, Index } from 'typeorm';
import { NamedRecordColumns } from '../common/record-times';

/** A kind of room: default settings and bots for new rooms, and rules (stored, not executed). */
@Entity({ name: 'room_types' })
@Index('room_types_name_uq', { synchronize: false }) // unique on lower(name)
export class RoomTypeEntity extends NamedRecordColumns {
  @Column({ name: 'is_enabled', type: 'boolean', default: false })
  isEnabled!: boolean;

  @Column({ name: 'settings', type: 'jsonb', nullable: true })
  settings!: unknown;

  @Column({ name: 'rules', type: 'jsonb', default: () => "'[]'" })
  rules!: unknown[];

  @Column({ name: 'bots', type: 'text', array: true, default: () => "'{}'" })
  bots!: string[];
}
