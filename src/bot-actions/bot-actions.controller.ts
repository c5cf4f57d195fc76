import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { RoomScoped } from '../auth/room-scope.decorator';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { BotActionBodyDto, BotActionPatchDto } from './dto/bot-action-body.dto';
import { BotActionsService } from './bot-actions.service';
import type { BotActionResponse } from './bot-action.presenter';
import { ApiResource } from '../common/api-docs';
import { BotActionResponseDto } from './dto/bot-action-response.dto';

const KEY = { name: 'key', description: 'Bot action id (uuid).' };

@ApiResource('botActions')
@Controller('v1/botActions')
export class BotActionsController {
  constructor(private readonly service: BotActionsService) {}

  @Get()
  @RoomScoped()
  @Paginated()
  @ListParams('roomId', 'name', 'isPending')
  @ApiQuery({ name: 'botId', required: true, description: 'Bot id or name.' })
  @ApiOperation({ summary: 'List the actions of a bot', description: 'How a bot in polling mode finds its pending actions.' })
  @ApiOkResponse({ type: [BotActionResponseDto], description: 'Bot actions.' })
  @ApiBadRequestResponse({ description: 'botId missing.' })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<BotActionResponse>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @RoomScoped()
  @ApiOperation({ summary: 'Get a bot action' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotActionResponseDto, description: 'The bot action.' })
  @ApiNotFoundResponse({ description: 'No such bot action.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotActionResponse> {
    return this.service.get(caller, key);
  }

  @Post()
  @RoomScoped()
  @ApiOperation({ summary: 'Ask a bot to do something in a room', description: 'The bot hears `bot.action.add` on its socket. Also at `/v1/botActions/`.' })
  @ApiCreatedResponse({ type: BotActionResponseDto, description: 'The bot action.' })
  @ApiBadRequestResponse({ description: 'Unknown room or bot, not an action of the bot, wrong number of parameters.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: BotActionBodyDto): Promise<BotActionResponse> {
    return this.service.create(caller, body);
  }

  @Patch(':key')
  @RoomScoped()
  @RequireWriter(ResourceKind.BotAction, 'key')
  @ApiOperation({ summary: 'Answer or update a bot action', description: 'The bot sends `{isPending: false, response}`.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotActionResponseDto, description: 'The bot action.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: BotActionPatchDto, @Override() override: boolean): Promise<BotActionResponse> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.BotAction, 'key')
  @ApiOperation({ summary: 'Delete a bot action' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotActionResponseDto, description: 'The deleted bot action.' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotActionResponse> {
    return this.service.remove(caller, key);
  }
}
