import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { PerspectiveBodyDto, PerspectivePatchDto } from './dto/perspective-body.dto';
import { PerspectiveResponseDto } from './dto/perspective-response.dto';
import { PerspectivesService, PerspectiveView } from './perspectives.service';

const KEY = { name: 'key', description: 'Perspective id, or name (exact, any case).' };
const BAD = 'Schema violation, read-only field, InvalidPerspectiveError, unknown lensId or owner.';

@ApiTags('perspectives')
@Controller('v1/perspectives')
export class PerspectivesController {
  constructor(private readonly service: PerspectivesService) {}

  @Get()
  @Paginated()
  @ApiOperation({ summary: 'List perspectives', description: 'Filters: name, rootSubject (`*` wildcards, comma = OR), createdAt, updatedAt (`-1d`). Also fields, sort, limit, offset.' })
  @ListParams('name', 'rootSubject', 'createdAt', 'updatedAt')
  @ApiOkResponse({ type: [PerspectiveResponseDto] })
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<PerspectiveView>>> {
    return this.service.list(query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a perspective' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: PerspectiveResponseDto })
  @ApiNotFoundResponse({ description: 'No such perspective.' })
  @ApiQuery({ name: 'fields', required: false, description: 'Comma-separated field names to return (`id` always comes back)' })
  get(@Param('key') key: string, @Query() query: Record<string, unknown>): Promise<Partial<PerspectiveView>> {
    return this.service.get(key, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a perspective', description: 'Filter types default to EXCLUDE, filter arrays to []. An INCLUDE filter needs values.' })
  @ApiCreatedResponse({ type: PerspectiveResponseDto })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A perspective with that name (any case) exists.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: PerspectiveBodyDto): Promise<PerspectiveView> {
    return this.service.create(caller, body);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Perspective, 'key')
  @ApiOperation({ summary: 'Overwrite a perspective', description: 'Fields left out go back to their defaults; the owner is kept unless sent.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: PerspectiveResponseDto })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another perspective has that name.' })
  replace(
    @Caller() caller: AuthenticatedUser,
    @Param('key') key: string,
    @Body() body: PerspectiveBodyDto,
    @Override() override: boolean,
  ): Promise<PerspectiveView> {
    return this.service.replace(caller, key, body, override);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Perspective, 'key')
  @ApiOperation({ summary: 'Update some fields of a perspective', description: 'Arrays are replaced, not merged. The merged record must be valid.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: PerspectiveResponseDto })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another perspective has that name.' })
  patch(
    @Caller() caller: AuthenticatedUser,
    @Param('key') key: string,
    @Body() body: PerspectivePatchDto,
    @Override() override: boolean,
  ): Promise<PerspectiveView> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Perspective, 'key')
  @ApiOperation({ summary: 'Delete a perspective' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: PerspectiveResponseDto, description: 'The deleted perspective.' })
  remove(@Param('key') key: string): Promise<PerspectiveView> {
    return this.service.remove(key);
  }
}
