import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { Paginated } from '../common/pagination';
import { ASPECT_LIST_SPEC } from './aspects.list';
import { TagLinkRoutes } from '../writers/tag-link-routes';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { AspectsService } from './aspects.service';
import { CreateAspectDto, PatchAspectDto, PutAspectDto } from './dto/aspect-body.dto';
import { AspectResponseDto } from './dto/aspect-response.dto';

type QueryParams = Record<string, unknown>;

/** /v1/aspects (tag / related-link deletes from TagLinkRoutes): thin handlers; rules live in AspectsService. */
@ApiTags('aspects')
@ApiBadRequestResponse({ description: 'Validation error (InvalidAspectStatusRange for ranges that do not fit valueType)' })
@ApiNotFoundResponse({ description: 'ResourceNotFoundError' })
@Controller('v1/aspects')
export class AspectsController extends TagLinkRoutes(ResourceKind.Aspect, AspectResponseDto, 'aspect') {
  constructor(protected readonly service: AspectsService) {
    super();
  }

  @Get()
  @Paginated(ASPECT_LIST_SPEC)
  @ApiOperation({ summary: 'List aspects', description: 'Filters: name, description, helpEmail, helpUrl, imageUrl, isPublished, rank, timeout, valueLabel, valueType, tags, createdAt, updatedAt; fields, sort, limit, offset.' })
  @ApiOkResponse({ description: 'Aspects, with X-Total-Count and Link headers', type: [AspectResponseDto] })
  list(@Query() query: QueryParams) {
    return this.service.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an aspect' })
  @ApiCreatedResponse({ description: 'The new aspect', type: AspectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError: the name exists (any case)' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: CreateAspectDto) {
    return this.service.create(caller, body);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one aspect (by id, or name in any case)' })
  @ApiQuery({ name: 'fields', required: false })
  @ApiOkResponse({ description: 'The aspect', type: AspectResponseDto })
  get(@Param('key') key: string, @Query() query: QueryParams) {
    return this.service.get(key, query);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Aspect, 'key')
  @ApiOperation({ summary: 'Replace an aspect (missing properties reset); range changes recompute sample statuses' })
  @ApiOkResponse({ description: 'The updated aspect', type: AspectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError' })
  put(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: PutAspectDto, @Override() override: boolean) {
    return this.service.update(caller, key, body, true, override);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Aspect, 'key')
  @ApiOperation({ summary: 'Update some properties (tags unioned, relatedLinks merged by name)' })
  @ApiOkResponse({ description: 'The updated aspect', type: AspectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: PatchAspectDto, @Override() override: boolean) {
    return this.service.update(caller, key, body, false, override);
  }

  @Delete(':key')
  @RequireWriter(ResourceKind.Aspect, 'key')
  @ApiOperation({ summary: 'Delete an aspect and its samples' })
  @ApiOkResponse({ description: 'The deleted aspect', type: AspectResponseDto })
  remove(@Param('key') key: string) {
    return this.service.remove(key);
  }
}
