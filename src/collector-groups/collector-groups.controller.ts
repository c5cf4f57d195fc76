import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { CollectorGroupBodyDto, CollectorGroupPatchDto } from './dto/collector-group-body.dto';
import { CollectorGroupsService, GROUP_LIST_SPEC } from './collector-groups.service';

const KEY = { name: 'key', description: 'Collector group id, or name (exact, any case).' };
const RECORD = {
  description: 'A collector group with its collectors [{id, name, status, lastHeartbeat}]',
  schema: { type: 'object', additionalProperties: true },
};
const NAMES = { description: 'Collector names: an array, or {collectors: [...]}', schema: { type: 'array', items: { type: 'string' } } };
const BAD = 'Schema violation, read-only field, unknown collector, or a collector already in another group.';

type View = Record<string, unknown>;

@ApiTags('collectorGroups')
@Controller('v1/collectorGroups')
export class CollectorGroupsController {
  constructor(private readonly service: CollectorGroupsService) {}

  @Get()
  @Paginated(GROUP_LIST_SPEC)
  @ApiOperation({ summary: 'List collector groups' })
  @ApiOkResponse({ description: 'Groups, with X-Total-Count', schema: { type: 'array', items: RECORD.schema } })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<View>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a collector group' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiNotFoundResponse({ description: 'No such group.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.get(caller, key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a collector group', description: 'Collectors exist only after their first start.' })
  @ApiCreatedResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A group with that name (any case) exists.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: CollectorGroupBodyDto): Promise<View> {
    return this.service.create(caller, body);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.CollectorGroup, 'key')
  @ApiOperation({ summary: 'Overwrite a collector group', description: 'collectors left out → no members.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another group has that name.' })
  replace(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: CollectorGroupBodyDto): Promise<View> {
    return this.service.replace(caller, key, body);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.CollectorGroup, 'key')
  @ApiOperation({ summary: 'Update some fields of a collector group' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another group has that name.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: CollectorGroupPatchDto): Promise<View> {
    return this.service.patch(caller, key, body);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.CollectorGroup, 'key')
  @ApiOperation({ summary: 'Delete a collector group', description: 'Its collectors leave it; its generators wait for a group.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.remove(caller, key);
  }

  @Post(':key/collectors')
  @RequireWriter(ResourceKind.CollectorGroup, 'key')
  @ApiOperation({ summary: 'Add collectors to a group, by name' })
  @ApiParam(KEY)
  @ApiBody(NAMES)
  @ApiCreatedResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  addCollectors(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: unknown): Promise<View> {
    return this.service.addCollectors(caller, key, body);
  }

  @Delete(':key/collectors')
  @HttpCode(200)
  @RequireWriter(ResourceKind.CollectorGroup, 'key')
  @ApiOperation({ summary: 'Remove collectors from a group, by name (all when the body is empty)' })
  @ApiParam(KEY)
  @ApiBody({ ...NAMES, required: false })
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: 'A named collector is not in the group.' })
  removeCollectors(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: unknown): Promise<View> {
    return this.service.removeCollectors(caller, key, body);
  }
}
