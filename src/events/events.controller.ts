import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { RoomScoped } from '../auth/room-scope.decorator';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { EventBodyDto } from './dto/event-body.dto';
import { EVENTS_BULK_MAX, EventsService } from './events.service';
import type { EventResponse } from './event.presenter';
import type { EventBulkError } from './events.repository';
import { ApiResource } from '../common/api-docs';
import { EventResponseDto } from './dto/event-response.dto';


@ApiResource('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly service: EventsService) {}

  @Get()
  @RoomScoped()
  @Paginated()
  @ListParams('roomId', 'botId', 'type', 'actionType', 'botDataId', 'botActionId', 'userId', 'createdAt')
  @ApiOperation({ summary: 'List events', description: '`type` filters on `context.type`; botId and roomId take ids or names; limit defaults to 100.' })
  @ApiOkResponse({ type: [EventResponseDto], description: 'Events.' })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<EventResponse>>> {
    return this.service.list(caller, query);
  }

  @Get('bulk/:jobId/status')
  @RoomScoped()
  @ApiOperation({ summary: 'Status of an events bulk request', description: 'Lists the refused items by index. Only the caller who sent the request sees it.' })
  @ApiParam({ name: 'jobId' })
  @ApiOkResponse({
    description: 'The refused items, by their index in the request.',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', example: 'complete' },
        errors: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, type: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No such job of the caller.' })
  bulkStatus(@Caller() caller: AuthenticatedUser, @Param('jobId') jobId: string): Promise<{ status: string; errors: EventBulkError[] }> {
    return this.service.bulkStatus(caller, jobId);
  }

  @Get(':key')
  @RoomScoped()
  @ApiOperation({ summary: 'Get an event' })
  @ApiParam({ name: 'key', description: 'Event id (uuid).' })
  @ApiOkResponse({ type: EventResponseDto, description: 'The event.' })
  @ApiNotFoundResponse({ description: 'No such event.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<EventResponse> {
    return this.service.get(caller, key);
  }

  @Post()
  @RoomScoped()
  @ApiOperation({ summary: 'Create an event', description: "The room's bots hear `bot.event.add`." })
  @ApiCreatedResponse({ type: EventResponseDto, description: 'The event.' })
  @ApiBadRequestResponse({ description: 'log missing; unknown room, bot, bot data, bot action or user.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: EventBodyDto): Promise<EventResponse> {
    return this.service.create(caller, body);
  }

  @Post('bulk')
  @RoomScoped()
  @HttpCode(200)
  @ApiBody({ schema: { type: 'array', maxItems: EVENTS_BULK_MAX, items: { type: 'object' } } })
  @ApiOperation({ summary: 'Create many events', description: 'Valid items are written; refused ones are listed by the job status.' })
  @ApiOkResponse({
    description: 'Accepted; see the job status for refused items.',
    schema: { type: 'object', properties: { status: { type: 'string', example: 'OK' }, jobId: { type: 'string', example: '42' } } },
  })
  @ApiBadRequestResponse({ description: 'Not an array, or too many items.' })
  bulk(@Caller() caller: AuthenticatedUser, @Body() body: unknown): Promise<{ status: string; jobId: string }> {
    return this.service.bulk(caller, body);
  }
}
