import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { RoomScoped } from '../auth/room-scope.decorator';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { BotDataBodyDto, BotDataPatchDto } from './dto/bot-data-body.dto';
import { BotDataService } from './bot-data.service';
import type { BotDataResponse } from './bot-data.presenter';
import { ApiResource } from '../common/api-docs';
import { BotDataResponseDto } from './dto/bot-data-response.dto';

const KEY = { name: 'key', description: 'Bot data id (uuid).' };
const BAD = 'Unknown room or bot, value not a string.';

@ApiResource('botData')
@Controller('v1/botData')
export class BotDataController {
  constructor(private readonly service: BotDataService) {}

  @Get()
  @RoomScoped()
  @Paginated()
  @ListParams('roomId', 'name')
  @ApiQuery({ name: 'botId', required: true, description: 'Bot id or name.' })
  @ApiOperation({ summary: 'List the data of a bot' })
  @ApiOkResponse({ type: [BotDataResponseDto], description: 'Bot data.' })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<BotDataResponse>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @RoomScoped()
  @ApiOperation({ summary: 'Get bot data' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotDataResponseDto, description: 'The bot data.' })
  @ApiNotFoundResponse({ description: 'No such bot data.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotDataResponse> {
    return this.service.get(caller, key);
  }

  @Post()
  @RoomScoped()
  @ApiOperation({ summary: 'Create bot data', description: 'Also at `/v1/botData/`. The bot hears `bot.data.add`.' })
  @ApiCreatedResponse({ type: BotDataResponseDto, description: 'The bot data.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'The bot has data of that name (any case) in that room.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: BotDataBodyDto): Promise<BotDataResponse> {
    return this.service.create(caller, body);
  }

  @Post('upsert')
  @RoomScoped()
  @ApiOperation({ summary: 'Create or merge bot data', description: 'Exists → 200, the value merged (both JSON objects → shallow merge; else replaced). New → 201.' })
  @ApiOkResponse({ type: BotDataResponseDto, description: 'Updated.' })
  @ApiCreatedResponse({ type: BotDataResponseDto, description: 'Created.' })
  @ApiBadRequestResponse({ description: BAD })
  async upsert(@Caller() caller: AuthenticatedUser, @Body() body: BotDataBodyDto, @Res({ passthrough: true }) res: Response): Promise<BotDataResponse> {
    const { created, record } = await this.service.upsert(caller, body);
    res.status(created ? 201 : 200);
    return record;
  }

  @Patch(':key')
  @RoomScoped()
  @RequireWriter(ResourceKind.BotData, 'key')
  @ApiOperation({ summary: 'Update bot data', description: 'The bot hears `bot.data.update`.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotDataResponseDto, description: 'The bot data.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: BotDataPatchDto, @Override() override: boolean): Promise<BotDataResponse> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.BotData, 'key')
  @ApiOperation({ summary: 'Delete bot data' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotDataResponseDto, description: 'The deleted bot data.' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotDataResponse> {
    return this.service.remove(caller, key);
  }
}

@ApiResource('botData')
@Controller('v1/rooms/:roomId')
export class RoomDataController {
  constructor(private readonly service: BotDataService) {}

  @Get('data')
  @RoomScoped()
  @Paginated()
  @ApiParam({ name: 'roomId', description: 'Room id or name.' })
  @ApiOperation({ summary: 'List the bot data of a room' })
  @ApiOkResponse({ type: [BotDataResponseDto], description: 'Bot data.' })
  @ApiNotFoundResponse({ description: 'No such room.' })
  ofRoom(@Caller() caller: AuthenticatedUser, @Param('roomId') roomId: string, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<BotDataResponse>>> {
    return this.service.ofRoom(caller, roomId, undefined, query);
  }

  @Get('bots/:botId/data')
  @RoomScoped()
  @Paginated()
  @ApiParam({ name: 'roomId', description: 'Room id or name.' })
  @ApiParam({ name: 'botId', description: 'Bot id or name.' })
  @ApiOperation({ summary: 'List the data of one bot in a room' })
  @ApiOkResponse({ type: [BotDataResponseDto], description: 'Bot data.' })
  @ApiNotFoundResponse({ description: 'No such room or bot.' })
  ofRoomBot(@Caller() caller: AuthenticatedUser, @Param('roomId') roomId: string, @Param('botId') botId: string, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<BotDataResponse>>> {
    return this.service.ofRoom(caller, roomId, botId, query);
  }
}
