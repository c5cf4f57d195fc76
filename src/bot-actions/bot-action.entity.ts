import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OwnedRecordTimes } from '../common/record-times';

/** A request to a bot in a room; the bot answers by patching `isPending: false` and a `response`. */
@Entity({ name: 'bot_actions' })
@Index('bot_actions_bot_idx', ['botId', 'isPending'])
@Index('bot_actions_room_idx', ['roomId'])
export class BotActionEntity extends OwnedRecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 254 })
  name!: string;

  @Column({ name: 'room_id', type: 'integer' })
  @ForeignKey('RoomEntity', { onDelete: 'CASCADE' })
  roomId!: number;

  @Column({ name: 'bot_id', type: 'uuid' })
  @ForeignKey('BotEntity', { onDelete: 'CASCADE' })
  botId!: string;

  @Column({ name: 'is_pending', type: 'boolean', default: true })
  isPending!: boolean;

  @Column({ name: 'parameters', type: 'jsonb', nullable: true })
  parameters!: unknown;

  @Column({ name: 'response', type: 'jsonb', nullable: true })
  response!: unknown;

  @Column({ name: 'action_log', type: 'text', nullable: true })
  actionLog!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'SET NULL' })
  userId!: string | null;
}
