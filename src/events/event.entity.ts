import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RecordTimes } from '../common/record-times';

/** A line of a room's timeline; never updated or deleted through the API. */
@Entity({ name: 'events' })
@Index('events_room_idx', ['roomId', 'createdAt'])
@Index('events_bot_idx', ['botId'])
export class EventEntity extends RecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'log', type: 'text' })
  log!: string;

  @Column({ name: 'action_type', type: 'varchar', length: 254, nullable: true })
  actionType!: string | null;

  @Column({ name: 'context', type: 'jsonb', nullable: true })
  context!: unknown;

  @Column({ name: 'room_id', type: 'integer', nullable: true })
  @ForeignKey('RoomEntity', { onDelete: 'CASCADE' })
  roomId!: number | null;

  @Column({ name: 'bot_id', type: 'uuid', nullable: true })
  @ForeignKey('BotEntity', { onDelete: 'SET NULL' })
  botId!: string | null;

  @Column({ name: 'bot_data_id', type: 'uuid', nullable: true })
  @ForeignKey('BotDataEntity', { onDelete: 'SET NULL' })
  botDataId!: string | null;

  @Column({ name: 'bot_action_id', type: 'uuid', nullable: true })
  @ForeignKey('BotActionEntity', { onDelete: 'SET NULL' })
  botActionId!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'SET NULL' })
  userId!: string | null;
}

/** The record of one `POST /v1/events/bulk`: processed in the request, so always `complete`. */
@Entity({ name: 'event_bulk_jobs' })
export class EventBulkJobEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'complete' })
  status!: string;

  @Column({ name: 'errors', type: 'jsonb', default: () => "'[]'" })
  errors!: { index: number; type: string; message: string }[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'CASCADE' })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
