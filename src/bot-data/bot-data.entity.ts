import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A named string a bot keeps per room; unique on (name ignoring case, room, bot). */
@Entity({ name: 'bot_data' })
export class BotDataEntity {
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

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
