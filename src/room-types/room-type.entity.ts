import { Column, Entity } from 'typeorm';
import { OwnedRecordColumns } from '../common/record-columns';

/** A kind of room: default settings and bots for new rooms, and rules (stored, not executed). */
@Entity({ name: 'room_types' })
export class RoomTypeEntity extends OwnedRecordColumns {
  @Column({ name: 'is_enabled', type: 'boolean', default: false })
  isEnabled!: boolean;

  @Column({ name: 'settings', type: 'jsonb', nullable: true })
  settings!: unknown;

  @Column({ name: 'rules', type: 'jsonb', default: () => "'[]'" })
  rules!: unknown[];

  @Column({ name: 'bots', type: 'text', array: true, default: () => "'{}'" })
  bots!: string[];
}
