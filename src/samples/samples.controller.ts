import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { Paginated } from '../common/pagination';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { BulkUpsertService } from './bulk-upsert.service';
import { BulkUpsertItemDto, BulkUpsertResponseDto, BulkUpsertStatusDto, CreateSampleDto, UpdateSampleDto, UpsertSampleDto } from './dto/sample.dto';
import { SampleResponseDto } from './dto/sample-response.dto';
import { SampleResponse } from './sample.presenter';
import { SamplesService } from './samples.service';
import { SAMPLE_LIST_SPEC } from './samples.list';

type QueryParams = Record<string, unknown>;

/** `/v1/samples`: a sample is named `subjectAbsolutePath|aspectName`; writes follow the aspect's writers. */
@ApiTags('samples')
@Controller('v1/samples')
export class SamplesController {
  constructor(
    private readonly samples: SamplesService,
    private readonly bulk: BulkUpsertService,
  ) {}

  @Get()
  @Paginated(SAMPLE_LIST_SPEC)
  @ApiOperation({ summary: 'List samples (filters name with * and comma OR, status, previousStatus, value, messageCode; sort, fields, limit, offset)' })
  @ApiOkResponse({ type: [SampleResponseDto] })
  list(@Query() query: QueryParams) {
    return this.samples.list(query);
  }

  @Get('upsert/bulk/:jobId/status')
  @ApiOperation({ summary: 'The status of a bulk upsert and every item it refused' })
  @ApiOkResponse({ type: BulkUpsertStatusDto })
  @ApiNotFoundResponse({ description: 'No such job (or not yours)' })
  jobStatus(@Caller() caller: AuthenticatedUser, @Param('jobId') jobId: string) {
    return this.bulk.jobStatus(caller, jobId);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a sample by name (exact, ignoring case)' })
  @ApiOkResponse({ type: SampleResponseDto })
  @ApiNotFoundResponse({ description: 'No such sample' })
  get(@Param('key') key: string): Promise<SampleResponse> {
    return this.samples.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a sample for a published subject and aspect' })
  @ApiCreatedResponse({ type: SampleResponseDto })
  @ApiNotFoundResponse({ description: 'Subject or aspect unknown or unpublished' })
  @ApiQuery({ name: 'override', required: false, enum: ['admin'] })
  create(@Caller() caller: AuthenticatedUser, @Body() dto: CreateSampleDto, @Override() override: boolean): Promise<SampleResponse> {
    return this.samples.create(caller, dto, override);
  }

  @Post('upsert')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create or update the sample subjectAbsolutePath|aspectName' })
  @ApiOkResponse({ type: SampleResponseDto })
  @ApiNotFoundResponse({ description: 'Subject or aspect unknown or unpublished' })
  @ApiQuery({ name: 'override', required: false, enum: ['admin'] })
  upsert(@Caller() caller: AuthenticatedUser, @Body() dto: UpsertSampleDto, @Override() override: boolean): Promise<SampleResponse> {
    return this.samples.upsert(caller, dto, override);
  }

  @Post('upsert/bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upsert many samples; refused items are listed by the job status endpoint' })
  @ApiBody({ type: [BulkUpsertItemDto] })
  @ApiOkResponse({ type: BulkUpsertResponseDto })
  @ApiQuery({ name: 'override', required: false, enum: ['admin'] })
  bulkUpsert(@Caller() caller: AuthenticatedUser, @Body() body: unknown, @Override() override: boolean) {
    return this.bulk.bulkUpsert(caller, body, override);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Sample, 'key')
  @ApiOperation({ summary: 'Overwrite a sample (value defaults to "", relatedLinks to [])' })
  @ApiOkResponse({ type: SampleResponseDto })
  replace(@Param('key') key: string, @Body() dto: UpdateSampleDto): Promise<SampleResponse> {
    return this.samples.replace(key, dto);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Sample, 'key')
  @ApiOperation({ summary: 'Update selected fields of a sample' })
  @ApiOkResponse({ type: SampleResponseDto })
  patch(@Param('key') key: string, @Body() dto: UpdateSampleDto): Promise<SampleResponse> {
    return this.samples.patch(key, dto);
  }

  @Delete(':key')
  @RequireWriter(ResourceKind.Sample, 'key')
  @ApiOperation({ summary: 'Delete a sample' })
  @ApiOkResponse({ type: SampleResponseDto })
  remove(@Param('key') key: string): Promise<SampleResponse> {
    return this.samples.remove(key);
  }

  @Delete(':key/relatedLinks')
  @RequireWriter(ResourceKind.Sample, 'key')
  @ApiOperation({ summary: 'Delete every related link of a sample' })
  @ApiOkResponse({ type: SampleResponseDto })
  removeLinks(@Param('key') key: string): Promise<SampleResponse> {
    return this.samples.removeLinks(key);
  }

  @Delete(':key/relatedLinks/:linkName')
  @RequireWriter(ResourceKind.Sample, 'key')
  @ApiOperation({ summary: 'Delete one related link of a sample, by name' })
  @ApiOkResponse({ type: SampleResponseDto })
  removeLink(@Param('key') key: string, @Param('linkName') linkName: string): Promise<SampleResponse> {
    return this.samples.removeLinks(key, linkName);
  }
}
