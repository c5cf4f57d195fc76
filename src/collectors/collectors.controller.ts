import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
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
import { COLLECTOR_LIST_SPEC, CollectorsService } from './collectors.service';
import { CollectorPatchDto, CollectorStartDto, HeartbeatDto } from './dto/collector-body.dto';
import { RawToken } from './raw-token.decorator';

const KEY = { name: 'key', description: 'Collector id, or name (exact, any case).' };
const RECORD = { description: 'A collector', schema: { type: 'object', additionalProperties: true } };
const GENERATORS = { type: 'array', items: { type: 'object', additionalProperties: true } };
const COMMAND = { description: 'The collector after the change', schema: RECORD.schema };

type View = Record<string, unknown>;

@ApiTags('collectors')
@Controller('v1/collectors')
export class CollectorsController {
  constructor(private readonly service: CollectorsService) {}

  @Get()
  @Paginated(COLLECTOR_LIST_SPEC)
  @ApiOperation({ summary: 'List collectors' })
  @ApiOkResponse({ description: 'Collectors, with X-Total-Count', schema: { type: 'array', items: RECORD.schema } })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<View>>> {
    return this.service.list(caller, query);
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
  start(@Caller() caller: AuthenticatedUser, @Body() body: CollectorStartDto, @Query() query: Record<string, unknown>): Promise<View> {
    return this.service.start(caller, body, query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a collector' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiNotFoundResponse({ description: 'No such collector.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.get(caller, key);
  }

  @Get(':key/status')
  @ApiOperation({ summary: 'The status of a collector' })
  @ApiParam(KEY)
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['Stopped', 'Running', 'Paused', 'MissedHeartbeat'] } } } })
  @ApiNotFoundResponse({ description: 'No such collector.' })
  status(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.status(caller, key);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Update the description of a collector' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: 'Schema violation or read-only field (status, name, …).' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: CollectorPatchDto): Promise<View> {
    return this.service.patch(caller, key, body);
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
  heartbeat(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: HeartbeatDto, @RawToken() token: string): Promise<View> {
    return this.service.heartbeat(caller, key, body, token);
  }

  @Post(':key/stop')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Stop a collector', description: 'Its next heartbeat tells it to exit; its generators move to another collector of the group.' })
  @ApiParam(KEY)
  @ApiOkResponse(COMMAND)
  stop(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.command(caller, key, 'stop');
  }

  @Post(':key/pause')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Pause a Running collector', description: 'Its generators move to another live collector of the group.' })
  @ApiParam(KEY)
  @ApiOkResponse(COMMAND)
  @ApiBadRequestResponse({ description: 'Not Running.' })
  pause(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.command(caller, key, 'pause');
  }

  @Post(':key/resume')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Resume a Paused collector' })
  @ApiParam(KEY)
  @ApiOkResponse(COMMAND)
  @ApiBadRequestResponse({ description: 'Not Paused.' })
  resume(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.command(caller, key, 'resume');
  }

  @Post(':key/deregister')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Deregister a collector', description: 'Stopped, and its token stops working at once.' })
  @ApiParam(KEY)
  @ApiOkResponse(COMMAND)
  deregister(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.command(caller, key, 'deregister');
  }

  @Post(':key/reregister')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Collector, 'key')
  @ApiOperation({ summary: 'Reregister a deregistered collector', description: 'It may then start again.' })
  @ApiParam(KEY)
  @ApiOkResponse(COMMAND)
  @ApiBadRequestResponse({ description: 'Already registered.' })
  reregister(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.command(caller, key, 'reregister');
  }
}
