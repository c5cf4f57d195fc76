import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { DeleteRoute, GetRoute, keyParam, ListRoute, RECORD_SCHEMA, WriterRoute } from '../collectors/route-decorators';
import type { ListPage } from '../common/pagination';
import { ResourceKind } from '../writers/resource-kind';
import { CollectorGroupBodyDto, CollectorGroupPatchDto } from './dto/collector-group-body.dto';
import type { CollectorGroupResponse } from './collector-group.presenter';
import { GROUP_LIST_SPEC } from './collector-groups.list';
import { CollectorGroupsService } from './collector-groups.service';

const KEY = keyParam('Collector group');
const NAMES = { description: 'Collector names: an array, or {collectors: [...]}', schema: { type: 'array', items: { type: 'string' } } };
const BAD = 'Schema violation, read-only field, unknown collector, or a collector already in another group.';
const CONFLICT = 'Another group has that name (any case).';


/** Collector groups; each answers with its collectors [{id, name, status, lastHeartbeat}]. */
@ApiTags('collectorGroups')
@Controller('v1/collectorGroups')
export class CollectorGroupsController {
  constructor(private readonly service: CollectorGroupsService) {}

  @ListRoute('collector group', GROUP_LIST_SPEC)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<CollectorGroupResponse>>> {
    return this.service.list(query);
  }

  @GetRoute('collector group', KEY)
  get(@Param('key') key: string): Promise<CollectorGroupResponse> {
    return this.service.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a collector group', description: 'Collectors exist only after their first start.' })
  @ApiCreatedResponse({ description: 'The group', schema: RECORD_SCHEMA })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: CONFLICT })
  create(@Caller() caller: AuthenticatedUser, @Body() body: CollectorGroupBodyDto): Promise<CollectorGroupResponse> {
    return this.service.create(caller, body);
  }

  @WriterRoute(ResourceKind.CollectorGroup, Put(':key'), KEY, { summary: 'Overwrite a collector group', description: 'collectors left out → no members.', bad: BAD, conflict: CONFLICT })
  replace(@Param('key') key: string, @Body() body: CollectorGroupBodyDto): Promise<CollectorGroupResponse> {
    return this.service.replace(key, body);
  }

  @WriterRoute(ResourceKind.CollectorGroup, Patch(':key'), KEY, { summary: 'Update some fields of a collector group', bad: BAD, conflict: CONFLICT })
  patch(@Param('key') key: string, @Body() body: CollectorGroupPatchDto): Promise<CollectorGroupResponse> {
    return this.service.patch(key, body);
  }

  @DeleteRoute(ResourceKind.CollectorGroup, 'collector group', KEY, 'Its collectors leave it; its generators wait for a group.')
  remove(@Param('key') key: string): Promise<CollectorGroupResponse> {
    return this.service.remove(key);
  }

  @WriterRoute(ResourceKind.CollectorGroup, Post(':key/collectors'), KEY, { summary: 'Add collectors to a group, by name', bad: BAD })
  @ApiBody(NAMES)
  addCollectors(@Param('key') key: string, @Body() body: unknown): Promise<CollectorGroupResponse> {
    return this.service.addCollectors(key, body);
  }

  @WriterRoute(ResourceKind.CollectorGroup, Delete(':key/collectors'), KEY, {
    summary: 'Remove collectors from a group, by name (all when the body is empty)',
    bad: 'A named collector is not in the group.',
  })
  @HttpCode(200)
  @ApiBody({ ...NAMES, required: false })
  removeCollectors(@Param('key') key: string, @Body() body: unknown): Promise<CollectorGroupResponse> {
    return this.service.removeCollectors(key, body);
  }
}
