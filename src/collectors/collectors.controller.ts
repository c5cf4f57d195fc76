import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import type { ListPage } from '../common/pagination';
import { ResourceKind } from '../writers/resource-kind';
import type { CollectorResponse } from './collector.presenter';
import { COLLECTOR_LIST_SPEC } from './collectors.list';
import { CollectorsService, CollectorStartResponse, HeartbeatResponse } from './collectors.service';
import type { CollectorStatus } from './collector.entity';
import { CollectorPatchDto, CollectorStartDto, HeartbeatDto } from './dto/collector-body.dto';
import { GetRoute, keyParam, ListRoute, RECORD_SCHEMA, WriteDocs, WriterRoute } from './route-decorators';
import { RawToken } from './raw-token.decorator';

const KEY = keyParam('Collector');
const GENERATORS = { type: 'array', items: RECORD_SCHEMA };


/** `POST /:key/<verb>`: a status command for the collector's writers. */
function Command(verb: string, docs: WriteDocs): MethodDecorator {
  return applyDecorators(WriterRoute(ResourceKind.Collector, Post(`:key/${verb}`), KEY, docs), HttpCode(200));
}

@ApiTags('collectors')
@Controller('v1/collectors')
export class CollectorsController {
  constructor(private readonly service: CollectorsService) {}

  @ListRoute('collector', COLLECTOR_LIST_SPEC)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<CollectorResponse>>> {
    return this.service.list(query);
  }

  @Post('start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a collector (refocus-collector start)',
    description:
      'Creates the collector (its starter becomes its writer) or restarts a Stopped one the caller may write. ' +
      'Answers the collector plus token (its own, shown once), collectorConfig, timestamp, encryptionAlgorithm and generatorsAdded.',
  })
  @ApiOkResponse({
    description: 'The collector, with its token and what it is to run',
    schema: {
      type: 'object',
      additionalProperties: true,
      properties: {
        token: { type: 'string' },
        collectorConfig: { type: 'object', additionalProperties: true },
        timestamp: { type: 'integer' },
        encryptionAlgorithm: { type: 'string', example: 'aes-256-cbc' },
        generatorsAdded: GENERATORS,
      },
    },
  })
  @ApiBadRequestResponse({ description: 'Schema violation.' })
  @ApiForbiddenResponse({ description: 'Running or Paused (only a stopped collector can start), deregistered, not a writer, or not a user token.' })
  start(@Caller() caller: AuthenticatedUser, @Body() body: CollectorStartDto, @Override() override: boolean): Promise<CollectorStartResponse> {
    return this.service.start(caller, body, override);
  }

  @GetRoute('collector', KEY)
  get(@Param('key') key: string): Promise<CollectorResponse> {
    return this.service.get(key);
  }

  @Get(':key/status')
  @ApiOperation({ summary: 'The status of a collector' })
  @ApiParam(KEY)
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['Stopped', 'Running', 'Paused', 'MissedHeartbeat'] } } } })
  @ApiNotFoundResponse({ description: 'No such collector.' })
  status(@Param('key') key: string): Promise<{ status: CollectorStatus }> {
    return this.service.status(key);
  }

  @WriterRoute(ResourceKind.Collector, Patch(':key'), KEY, { summary: 'Update the description of a collector', bad: 'Schema violation or read-only field (status, name, …).' })
  patch(@Param('key') key: string, @Body() body: CollectorPatchDto): Promise<CollectorResponse> {
    return this.service.patch(key, body);
  }

  @Post(':key/heartbeat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Heartbeat of a collector (with its own token)',
    description: 'Records the heartbeat (MissedHeartbeat → Running) and answers the generator changes since the previous one, once.',
  })
  @ApiParam(KEY)
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        collectorConfig: { type: 'object', additionalProperties: true },
        generatorsAdded: GENERATORS,
        generatorsUpdated: GENERATORS,
        generatorsDeleted: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        encryptionAlgorithm: { type: 'string' },
      },
    },
  })
  @ApiForbiddenResponse({ description: "Not this collector's own token." })
  @ApiNotFoundResponse({ description: 'No such collector.' })
  heartbeat(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: HeartbeatDto, @RawToken() token: string): Promise<HeartbeatResponse> {
    return this.service.heartbeat(caller, key, body, token);
  }

  @Command('stop', { summary: 'Stop a collector', description: 'Its next heartbeat tells it to exit; its generators move to another collector of the group.' })
  stop(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<CollectorResponse> {
    return this.service.command(caller, key, 'stop');
  }

  @Command('pause', { summary: 'Pause a Running collector', description: 'Its generators move to another live collector of the group.', bad: 'Not Running.' })
  pause(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<CollectorResponse> {
    return this.service.command(caller, key, 'pause');
  }

  @Command('resume', { summary: 'Resume a Paused collector', bad: 'Not Paused.' })
  resume(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<CollectorResponse> {
    return this.service.command(caller, key, 'resume');
  }

  @Command('deregister', { summary: 'Deregister a collector', description: 'Stopped, and its token stops working at once.' })
  deregister(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<CollectorResponse> {
    return this.service.command(caller, key, 'deregister');
  }

  @Command('reregister', { summary: 'Reregister a deregistered collector', description: 'It may then start again.', bad: 'Already registered.' })
  reregister(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<CollectorResponse> {
    return this.service.command(caller, key, 'reregister');
  }
}
