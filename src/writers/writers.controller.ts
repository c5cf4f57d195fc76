import { Body, Controller, Delete, Get, HttpCode, Param, Post, Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { KIND_TABLES, ResourceKind, WritableKind } from './resource-kind';
import { RequireWriter, WriterTargetParam } from './require-writer.decorator';
import { WriterListsService } from './writer-lists.service';
import type { WriterRow, WriterTarget, WriterUser } from './writers.repository';

const USER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    email: { type: 'string' },
    fullName: { type: 'string' },
  },
};

/** `/v1/<resource>/{key}/writers[/{userNameOrId}]` for one kind; one class per kind, one shared service. */
function writersController(kind: WritableKind): Type<unknown> {
  const t = KIND_TABLES[kind];
  const keyDoc = kind === ResourceKind.Subject ? 'id or absolutePath (any case)' : 'id or name (any case)';
  const rowSchema = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        [t.foreignKeyProperty]: { type: 'string', format: 'uuid' },
        userId: { type: 'string', format: 'uuid' },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
  };

  @ApiTags(t.resource)
  @ApiParam({ name: 'key', description: `${t.source} ${keyDoc}` })
  @Controller(`v1/${t.resource}/:key/writers`)
  class WritersController {
    constructor(private readonly service: WriterListsService) {}

    @Get()
    @ApiOperation({ summary: `List the writers of a ${t.source.toLowerCase()}` })
    @ApiOkResponse({ description: 'Users (never a password); [] when anyone may write', schema: { type: 'array', items: USER_SCHEMA } })
    @ApiNotFoundResponse({ description: 'No such record' })
    list(@Param('key') key: string): Promise<WriterUser[]> {
      return this.service.list(kind, key);
    }

    @Get(':userNameOrId')
    @ApiOperation({ summary: `One writer of a ${t.source.toLowerCase()}, by user name or id` })
    @ApiOkResponse({ description: 'The user', schema: USER_SCHEMA })
    @ApiNotFoundResponse({ description: 'No such record, or that user is not a writer' })
    get(@Param('key') key: string, @Param('userNameOrId') user: string): Promise<WriterUser> {
      return this.service.get(kind, key, user);
    }

    @Post()
    @RequireWriter(kind)
    @ApiOperation({ summary: `Add writers to a ${t.source.toLowerCase()}` })
    @ApiBody({ description: 'User names or ids', schema: { type: 'array', items: { type: 'string' }, maxItems: 1000 } })
    @ApiCreatedResponse({ description: 'The join rows of the requested users (existing writers are not duplicated)', schema: rowSchema })
    @ApiBadRequestResponse({ description: 'Body not an array of strings, or an unknown user (then nothing is added)' })
    add(@Caller() caller: AuthenticatedUser, @WriterTargetParam() target: WriterTarget, @Body() body: unknown): Promise<WriterRow[]> {
      return this.service.add(caller, kind, target, body);
    }

    @Delete()
    @HttpCode(204)
    @RequireWriter(kind)
    @ApiOperation({ summary: `Remove every writer of a ${t.source.toLowerCase()}` })
    @ApiNoContentResponse({ description: 'Writers removed; anyone signed in may now write the record' })
    removeAll(@Caller() caller: AuthenticatedUser, @WriterTargetParam() target: WriterTarget): Promise<void> {
      return this.service.removeAll(caller, kind, target);
    }

    @Delete(':userNameOrId')
    @HttpCode(204)
    @RequireWriter(kind)
    @ApiOperation({ summary: `Remove one writer of a ${t.source.toLowerCase()}` })
    @ApiNoContentResponse({ description: 'Writer removed' })
    remove(@Caller() caller: AuthenticatedUser, @WriterTargetParam() target: WriterTarget, @Param('userNameOrId') user: string): Promise<void> {
      return this.service.remove(caller, kind, target, user);
    }
  }

  Object.defineProperty(WritersController, 'name', { value: `${t.source}WritersController` });
  return WritersController;
}

export const SubjectWritersController = writersController(ResourceKind.Subject);
export const AspectWritersController = writersController(ResourceKind.Aspect);
export const PerspectiveWritersController = writersController(ResourceKind.Perspective);
export const LensWritersController = writersController(ResourceKind.Lens);
export const BotWritersController = writersController(ResourceKind.Bot);
export const BotActionWritersController = writersController(ResourceKind.BotAction);
export const BotDataWritersController = writersController(ResourceKind.BotData);
export const RoomWritersController = writersController(ResourceKind.Room);
export const RoomTypeWritersController = writersController(ResourceKind.RoomType);
export const CollectorWritersController = writersController(ResourceKind.Collector);
export const CollectorGroupWritersController = writersController(ResourceKind.CollectorGroup);
export const GeneratorTemplateWritersController = writersController(ResourceKind.GeneratorTemplate);
export const GeneratorWritersController = writersController(ResourceKind.Generator);
