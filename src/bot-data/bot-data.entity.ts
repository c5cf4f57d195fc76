import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedOwnedRecordTimes } from '../bots/helpers/record-times';

/** A named string a bot keeps per room; unique on (name ignoring case, room, bot). */
@Entity({ name: 'bot_data' })
export class BotDataEntity extends CreatedOwnedRecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 254 })
  name!: string;

  @Column({ name: 'value', type: 'text', default: '' })
  value!: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  @Column({ name: 'bot_id', type: 'uuid' })
  botId!: string;
}
