import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { sendJsonChunks } from '../common/json-chunks';
import { Paginated } from '../common/pagination';
import { TagLinkRoutes } from '../writers/tag-link-routes';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { CreateSubjectDto, PatchSubjectDto, PutSubjectDto } from './dto/subject-body.dto';
import { SubjectHierarchyNodeDto, SubjectResponseDto } from './dto/subject-response.dto';
import { hierarchyJson } from './hierarchy';
import { SubjectsService } from './subjects.service';

type QueryParams = Record<string, unknown>;
const KEY = 'Subject id, or absolutePath (exact, any case)';

/** /v1/subjects (tag / related-link deletes from TagLinkRoutes): thin handlers; rules live in SubjectsService. */
@ApiTags('subjects')
@ApiBadRequestResponse({ description: 'Validation error' })
@ApiNotFoundResponse({ description: 'ResourceNotFoundError' })
@Controller('v1/subjects')
export class SubjectsController extends TagLinkRoutes(ResourceKind.Subject, SubjectResponseDto, 'subject') {
  constructor(protected readonly service: SubjectsService) {
    super();
  }

  @Get()
  // Documented filters: generators' subject queries use absolutePath (with `*`), tags and isPublished.
  @Paginated(['absolutePath', 'name', 'isPublished', 'tags', 'parentAbsolutePath', 'parentId', 'hierarchyLevel', 'description', 'createdAt', 'updatedAt'])
  @ApiOperation({ summary: 'List subjects', description: 'Filters: absolutePath, name, description, helpEmail, helpUrl, imageUrl, isPublished, sortBy, parentAbsolutePath, parentId, hierarchyLevel, tags, createdAt, updatedAt; fields, sort, limit, offset.' })
  @ApiOkResponse({ description: 'Subjects, with X-Total-Count and Link headers', type: [SubjectResponseDto] })
  list(@Query() query: QueryParams) {
    return this.service.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a subject (root, or under parentId / parentAbsolutePath)' })
  @ApiCreatedResponse({ description: 'The new subject', type: SubjectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError: the absolutePath exists (any case)' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: CreateSubjectDto, @Override() override: boolean) {
    return this.service.create(caller, body, undefined, override);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one subject' })
  @ApiQuery({ name: 'fields', required: false })
  @ApiOkResponse({ description: 'The subject', type: SubjectResponseDto })
  get(@Param('key') key: string, @Query() query: QueryParams) {
    return this.service.get(key, query);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Subject, 'key')
  @ApiOperation({ summary: 'Replace a subject (missing properties reset; no parent → root)' })
  @ApiOkResponse({ description: 'The updated subject', type: SubjectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError' })
  put(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: PutSubjectDto, @Override() override: boolean) {
    return this.service.update(caller, key, body, true, override);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Subject, 'key')
  @ApiOperation({ summary: 'Update some properties (tags unioned, relatedLinks merged by name)' })
  @ApiOkResponse({ description: 'The updated subject', type: SubjectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: PatchSubjectDto, @Override() override: boolean) {
    return this.service.update(caller, key, body, false, override);
  }

  @Delete(':key')
  @RequireWriter(ResourceKind.Subject, 'key')
  @ApiOperation({ summary: 'Delete a subject without children' })
  @ApiOkResponse({ description: 'The deleted subject', type: SubjectResponseDto })
  @ApiForbiddenResponse({ description: 'SubjectDeleteConstraintError: the subject has children' })
  remove(@Param('key') key: string) {
    return this.service.remove(key);
  }

  @Post(':key/child')
  @RequireWriter(ResourceKind.Subject, 'key')
  @ApiOperation({ summary: 'Create a child of the subject {key} (a write-protected parent takes children from its writers only)' })
  @ApiCreatedResponse({ description: 'The new subject', type: SubjectResponseDto })
  @ApiConflictResponse({ description: 'DuplicateResourceError' })
  createChild(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: CreateSubjectDto) {
    return this.service.create(caller, body, key);
  }

  @Get(':key/hierarchy')
  @ApiOperation({ summary: 'The published subtree with samples', description: KEY })
  @ApiQuery({ name: 'depth', required: false, type: Number, description: '≥ 0; 0 = unlimited' })
  @ApiQuery({ name: 'aspect', required: false, description: 'a,b (include) or -a,-b (exclude)' })
  @ApiQuery({ name: 'aspectTags', required: false })
  @ApiQuery({ name: 'subjectTags', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'fields', required: false })
  @ApiOkResponse({ description: 'The subject with children and samples', type: SubjectHierarchyNodeDto })
  async hierarchy(@Param('key') key: string, @Query() query: QueryParams, @Res() res: Response): Promise<void> {
    // Up to 13 MB of JSON: written in pieces, not as one string (docs/PERFORMANCE.md).
    await sendJsonChunks(res, hierarchyJson(await this.service.hierarchy(key, query)).take());
  }

  @Delete(':key/hierarchy')
  @ApiOperation({ summary: 'Delete a subject and all its descendants (writer of each required)' })
  @ApiQuery({ name: 'override', required: false, enum: ['admin'] })
  @ApiOkResponse({ description: '{}' })
  @ApiForbiddenResponse({ description: 'ForbiddenError: not a writer of some subject in the subtree' })
  removeHierarchy(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Override() override: boolean) {
    return this.service.removeHierarchy(caller, key, override);
  }
}
