import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedOwnedRecordTimes } from '../common/record-times';

/** A named string a bot keeps per room; unique on (name ignoring case, room, bot). */
@Entity({ name: 'bot_data' })
@Index('bot_data_name_uq', { synchronize: false }) // unique on (lower(name), room_id, bot_id)
@Index('bot_data_bot_idx', ['botId'])
export class BotDataEntity extends CreatedOwnedRecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 254 })
  name!: string;

  @Column({ name: 'value', type: 'text', default: '' })
  value!: string;

  @Column({ name: 'room_id', type: 'integer' })
  @ForeignKey('RoomEntity', { onDelete: 'CASCADE' })
  roomId!: number;

  @Column({ name: 'bot_id', type: 'uuid' })
  @ForeignKey('BotEntity', { onDelete: 'CASCADE' })
  botId!: string;
}
