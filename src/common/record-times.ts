import { Column, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Timestamps of the bot-side records. The users they name are kept as SET NULL foreign keys
 * (BotsRoomsEvents migration), so these bases, not OwnedRecordColumns, describe them.
 */
export abstract class RecordTimes {
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Plus an owner (bot actions). */
export abstract class OwnedRecordTimes extends RecordTimes {
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'SET NULL' })
  ownerId!: string | null;
}

/** Plus the user who created the record (rooms, bot data). */
export abstract class CreatedOwnedRecordTimes extends OwnedRecordTimes {
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  @ForeignKey('User', { onDelete: 'SET NULL' })
  createdBy!: string | null;
}

/** A named record with a uuid id (bots, room types). */
export abstract class NamedRecordColumns extends CreatedOwnedRecordTimes {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 60 })
  name!: string;
}
