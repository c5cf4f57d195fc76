import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedOwnedRecordTimes } from '../common/record-times';

/** A room (integer id, as the original and the BDK expect): bots post events and answer actions there. */
@Entity({ name: 'rooms' })
@Index('rooms_name_uq', { synchronize: false }) // unique on lower(name)
@Index('rooms_type_idx', ['type'])
export class RoomEntity extends CreatedOwnedRecordTimes {
  @PrimaryGeneratedColumn('increment', { name: 'id' })
  id!: number;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'type', type: 'uuid' })
  @ForeignKey('RoomTypeEntity')
  type!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @Column({ name: 'origin', type: 'varchar', length: 32, default: 'other' })
  origin!: string;

  @Column({ name: 'settings', type: 'jsonb', nullable: true })
  settings!: unknown;

  @Column({ name: 'active', type: 'boolean', default: false })
  active!: boolean;

  @Column({ name: 'bots', type: 'text', array: true, default: () => "'{}'" })
  bots!: string[];
}
