import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OwnedRecordTimes } from '../bots/helpers/record-times';

/** A request to a bot in a room; the bot answers by patching `isPending: false` and a `response`. */
@Entity({ name: 'bot_actions' })
export class BotActionEntity extends OwnedRecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 254 })
  name!: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  @Column({ name: 'bot_id', type: 'uuid' })
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
  userId!: string | null;
}
