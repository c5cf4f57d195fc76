import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { KIND_TABLES, type WritableKind } from './resource-kind';

/** One row of a writers join table: this user may write that record. */
export interface WriterLink {
  /** The record (a room's is an integer). */
  recordId: string | number;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The entity class of one writers join table. */
export type WriterEntityClass = new () => WriterLink;

/**
 * The entity of the writers table of `kind`, from its KIND_TABLES entry: every join table has
 * the same shape (the record's key, the user's, the timestamps; both keys cascade on delete),
 * so the thirteen entities are made by one function instead of written out thirteen times.
 */
function writersEntity(kind: WritableKind): WriterEntityClass {
  const t = KIND_TABLES[kind];
  class Writers implements WriterLink {
    recordId!: string | number;
    userId!: string;
    createdAt!: Date;
    updatedAt!: Date;
  }
  // the metadata's name (foreign keys and getMetadata look entities up by it)
  Object.defineProperty(Writers, 'name', { value: `${t.source}WriterEntity` });
  const row = Writers.prototype;
  PrimaryColumn({ name: t.foreignKey, type: t.idType ?? 'uuid' })(row, 'recordId');
  ForeignKey(t.entity, { onDelete: 'CASCADE' })(row, 'recordId');
  PrimaryColumn({ name: 'user_id', type: 'uuid' })(row, 'userId');
  ForeignKey('User', { onDelete: 'CASCADE' })(row, 'userId');
  Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })(row, 'createdAt');
  Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })(row, 'updatedAt');
  Entity({ name: t.writersTable })(Writers);
  return Writers;
}

/** The writers table's entity of every writable kind. */
export const WRITER_ENTITIES = Object.fromEntries(
  (Object.keys(KIND_TABLES) as WritableKind[]).map((kind) => [kind, writersEntity(kind)]),
) as Readonly<Record<WritableKind, WriterEntityClass>>;
