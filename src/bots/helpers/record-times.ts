import { Column } from 'typeorm';

/** Timestamps of the bot-side records (events, bot actions, bot data, rooms). */
export abstract class RecordTimes {
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Plus an owner (bot actions). */
export abstract class OwnedRecordTimes extends RecordTimes {
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;
}

/** Plus the user who created the record (rooms, bot data). */
export abstract class CreatedOwnedRecordTimes extends OwnedRecordTimes {
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
}
