/** The kinds of record whose writes are guarded by a writers list (samples through their aspect). */
export enum ResourceKind {
  Subject = 'subject',
  Aspect = 'aspect',
  Perspective = 'perspective',
  Lens = 'lens',
  Sample = 'sample',
  Bot = 'bot',
  BotAction = 'botAction',
  BotData = 'botData',
  Room = 'room',
  RoomType = 'roomType',
  Collector = 'collector',
  CollectorGroup = 'collectorGroup',
  GeneratorTemplate = 'generatorTemplate',
  Generator = 'generator',
}

/** The kinds that own a writers list of their own (a sample borrows its aspect's). */
export type WritableKind = Exclude<ResourceKind, ResourceKind.Sample>;

/** Where a writable kind lives in the schema (InitialSchema) and how it is named in errors and URLs. */
export interface KindTable {
  /** The record's entity (its class name, as foreign keys name it): its table comes from the metadata. */
  entity: string;
  /** Column a non-UUID key is compared with (exactly, ignoring case). */
  keyColumn: string;
  /** Join table of writers (described by its entity in writer.entity.ts). */
  writersTable: string;
  /** Column of the join table pointing at the record. */
  foreignKey: string;
  /** Property name of that column in responses (`subjectId`, ...). */
  foreignKeyProperty: string;
  /** Error `source` (model name). */
  source: string;
  /** Collection path segment: `/v1/<resource>`. */
  resource: string;
  /** SQL type of the id (default uuid; rooms have integer ids). */
  idType?: 'uuid' | 'integer';
  /** ORDER BY terms of a name lookup when a name is not unique (templates: the highest version), under alias `r`. */
  keyOrder?: readonly (readonly [sql: string, direction: 'ASC' | 'DESC'])[];
}

export const KIND_TABLES: Record<WritableKind, KindTable> = {
  [ResourceKind.Subject]: {
    entity: 'SubjectEntity',
    keyColumn: 'absolute_path',
    writersTable: 'subject_writers',
    foreignKey: 'subject_id',
    foreignKeyProperty: 'subjectId',
    source: 'Subject',
    resource: 'subjects',
  },
  [ResourceKind.Aspect]: {
    entity: 'AspectEntity',
    keyColumn: 'name',
    writersTable: 'aspect_writers',
    foreignKey: 'aspect_id',
    foreignKeyProperty: 'aspectId',
    source: 'Aspect',
    resource: 'aspects',
  },
  [ResourceKind.Perspective]: {
    entity: 'PerspectiveEntity',
    keyColumn: 'name',
    writersTable: 'perspective_writers',
    foreignKey: 'perspective_id',
    foreignKeyProperty: 'perspectiveId',
    source: 'Perspective',
    resource: 'perspectives',
  },
  [ResourceKind.Lens]: {
    entity: 'LensEntity',
    keyColumn: 'name',
    writersTable: 'lens_writers',
    foreignKey: 'lens_id',
    foreignKeyProperty: 'lensId',
    source: 'Lens',
    resource: 'lenses',
  },
  [ResourceKind.Bot]: {
    entity: 'BotEntity',
    keyColumn: 'name',
    writersTable: 'bot_writers',
    foreignKey: 'bot_id',
    foreignKeyProperty: 'botId',
    source: 'Bot',
    resource: 'bots',
  },
  // Bot actions and bot data are keyed by id only.
  [ResourceKind.BotAction]: {
    entity: 'BotActionEntity',
    keyColumn: 'id::text',
    writersTable: 'bot_action_writers',
    foreignKey: 'bot_action_id',
    foreignKeyProperty: 'botActionId',
    source: 'BotAction',
    resource: 'botActions',
  },
  [ResourceKind.BotData]: {
    entity: 'BotDataEntity',
    keyColumn: 'id::text',
    writersTable: 'bot_data_writers',
    foreignKey: 'bot_data_id',
    foreignKeyProperty: 'botDataId',
    source: 'BotData',
    resource: 'botData',
  },
  [ResourceKind.Room]: {
    entity: 'RoomEntity',
    keyColumn: 'name',
    writersTable: 'room_writers',
    foreignKey: 'room_id',
    foreignKeyProperty: 'roomId',
    source: 'Room',
    resource: 'rooms',
    idType: 'integer',
  },
  [ResourceKind.RoomType]: {
    entity: 'RoomTypeEntity',
    keyColumn: 'name',
    writersTable: 'room_type_writers',
    foreignKey: 'room_type_id',
    foreignKeyProperty: 'roomTypeId',
    source: 'RoomType',
    resource: 'roomTypes',
  },
  [ResourceKind.Collector]: {
    entity: 'CollectorEntity',
    keyColumn: 'name',
    writersTable: 'collector_writers',
    foreignKey: 'collector_id',
    foreignKeyProperty: 'collectorId',
    source: 'Collector',
    resource: 'collectors',
  },
  [ResourceKind.CollectorGroup]: {
    entity: 'CollectorGroupEntity',
    keyColumn: 'name',
    writersTable: 'collector_group_writers',
    foreignKey: 'collector_group_id',
    foreignKeyProperty: 'collectorGroupId',
    source: 'CollectorGroup',
    resource: 'collectorGroups',
  },
  // A template name names all its versions: by name, the highest version is meant.
  [ResourceKind.GeneratorTemplate]: {
    entity: 'GeneratorTemplateEntity',
    keyColumn: 'name',
    writersTable: 'generator_template_writers',
    foreignKey: 'generator_template_id',
    foreignKeyProperty: 'generatorTemplateId',
    source: 'GeneratorTemplate',
    resource: 'generatorTemplates',
    // MAJOR.MINOR.PATCH compared as numbers, a release before its pre-releases.
    keyOrder: [
      ["string_to_array(substring(r.version FROM '^[0-9]+[.][0-9]+[.][0-9]+'), '.')::numeric[]", 'DESC'],
      ["(r.version ~ '^[0-9.]+([+]|$)')", 'DESC'],
      ['r.version', 'DESC'],
    ],
  },
  [ResourceKind.Generator]: {
    entity: 'GeneratorEntity',
    keyColumn: 'name',
    writersTable: 'generator_writers',
    foreignKey: 'generator_id',
    foreignKeyProperty: 'generatorId',
    source: 'Generator',
    resource: 'generators',
  },
};

/** A key that looks like a UUID is looked up by id only (never by name): the shared rule. */
export { isUuid } from '../common/key';
