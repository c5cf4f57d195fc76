/** The kinds of record whose writes are guarded by a writers list (samples through their aspect). */
export enum ResourceKind {
  Subject = 'subject',
  Aspect = 'aspect',
  Perspective = 'perspective',
  Lens = 'lens',
  Sample = 'sample',
}

/** The kinds that own a writers list of their own (a sample borrows its aspect's). */
export type WritableKind = Exclude<ResourceKind, ResourceKind.Sample>;

/** Where a writable kind lives in the schema (InitialSchema) and how it is named in errors and URLs. */
export interface KindTable {
  /** Record table. */
  table: string;
  /** Column a non-UUID key is compared with (exactly, ignoring case). */
  keyColumn: string;
  /** Join table of writers. */
  writersTable: string;
  /** Column of the join table pointing at the record. */
  foreignKey: string;
  /** Property name of that column in responses (`subjectId`, ...). */
  foreignKeyProperty: string;
  /** Error `source` (model name). */
  source: string;
  /** Collection path segment: `/v1/<resource>`. */
  resource: string;
}

export const KIND_TABLES: Record<WritableKind, KindTable> = {
  [ResourceKind.Subject]: {
    table: 'subjects',
    keyColumn: 'absolute_path',
    writersTable: 'subject_writers',
    foreignKey: 'subject_id',
    foreignKeyProperty: 'subjectId',
    source: 'Subject',
    resource: 'subjects',
  },
  [ResourceKind.Aspect]: {
    table: 'aspects',
    keyColumn: 'name',
    writersTable: 'aspect_writers',
    foreignKey: 'aspect_id',
    foreignKeyProperty: 'aspectId',
    source: 'Aspect',
    resource: 'aspects',
  },
  [ResourceKind.Perspective]: {
    table: 'perspectives',
    keyColumn: 'name',
    writersTable: 'perspective_writers',
    foreignKey: 'perspective_id',
    foreignKeyProperty: 'perspectiveId',
    source: 'Perspective',
    resource: 'perspectives',
  },
  [ResourceKind.Lens]: {
    table: 'lenses',
    keyColumn: 'name',
    writersTable: 'lens_writers',
    foreignKey: 'lens_id',
    foreignKeyProperty: 'lensId',
    source: 'Lens',
    resource: 'lenses',
  },
};

/** A key that looks like a UUID is looked up by id only (never by name): the shared rule. */
export { isUuid } from '../common/key';
