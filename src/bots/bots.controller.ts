import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { RoomScoped } from '../auth/room-scope.decorator';
import { ListPage, Paginated } from '../common/pagination';
import { UploadedZip, ZIP_MAX_UPLOAD_BYTES, zipFileInterceptor } from '../common/zip/zip-upload';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { BotFormDto, BotHeartbeatDto, BotPatchDto } from './dto/bot-form.dto';
import { BotsService } from './bots.service';
import type { BotResponse, BotWithTokenResponse, BotWithUiResponse } from './bot.presenter';
import { ApiResource } from '../common/api-docs';
import { BotResponseDto } from './dto/bot-response.dto';

const KEY = { name: 'key', description: 'Bot id, or name (exact, any case).' };
const UPLOAD = zipFileInterceptor('ui');
const BAD = 'Missing name/url/version, bad URL, bad actions/data/settings JSON, ui not a zip, unknown owner.';
const FORM = {
  schema: {
    type: 'object',
    required: ['name', 'url', 'version'],
    properties: {
      ui: { type: 'string', format: 'binary', description: 'Zip with index.html (the bot UI).' },
      name: { type: 'string' },
      url: { type: 'string' },
      helpUrl: { type: 'string' },
      ownerUrl: { type: 'string' },
      displayName: { type: 'string', maxLength: 60 },
      version: { type: 'string', maxLength: 10 },
      active: { type: 'boolean' },
      actions: { type: 'string', description: 'JSON array' },
      data: { type: 'string', description: 'JSON array' },
      settings: { type: 'string', description: 'JSON array' },
      owner: { type: 'string' },
    },
  },
};

@ApiResource('bots')
@Controller('v1/bots')
export class BotsController {
  constructor(private readonly service: BotsService) {}

  @Get()
  @RoomScoped()
  @Paginated()
  @ListParams('name', 'active', 'displayName', 'version', 'createdAt', 'updatedAt')
  @ApiOperation({ summary: 'List bots', description: 'Never includes the UI.' })
  @ApiOkResponse({ type: [BotResponseDto], description: 'Bots.' })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<BotResponse>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @RoomScoped()
  @ApiOperation({ summary: 'Get a bot with its UI', description: 'ui is `{type: "Buffer", data: [bytes]}` as in the original.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotResponseDto, description: 'The bot.' })
  @ApiNotFoundResponse({ description: 'No such bot.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotWithUiResponse> {
    return this.service.get(caller, key);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @UseInterceptors(UPLOAD)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FORM)
  @ApiOperation({ summary: 'Install a bot', description: 'Answers the bot with `ui: {name, size}` and `token`: the bot token, acting as the caller, shown once.' })
  @ApiCreatedResponse({ type: BotResponseDto, description: 'The bot and its token.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A bot with that name (any case) exists.' })
  @ApiPayloadTooLargeResponse({ description: `The zip is larger than ${ZIP_MAX_UPLOAD_BYTES} bytes.` })
  create(@Caller() caller: AuthenticatedUser, @Body() form: BotFormDto, @UploadedFile() ui: UploadedZip | undefined): Promise<BotWithTokenResponse> {
    return this.service.create(caller, form, ui);
  }

  @Put(':key')
  @Header('Cache-Control', 'no-store')
  @RequireWriter(ResourceKind.Bot, 'key')
  @UseInterceptors(UPLOAD)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FORM)
  @ApiOperation({ summary: 'Overwrite a bot', description: 'Same form as POST; unknown bot → 404. Answers a new token (the previous one stops working).' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotResponseDto, description: 'The bot and its new token.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another bot has that name.' })
  replace(
    @Caller() caller: AuthenticatedUser,
    @Param('key') key: string,
    @Body() form: BotFormDto,
    @UploadedFile() ui: UploadedZip | undefined,
    @Override() override: boolean,
  ): Promise<BotWithTokenResponse> {
    return this.service.replace(caller, key, form, ui, override);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Bot, 'key')
  @ApiOperation({ summary: 'Update some fields of a bot (JSON)' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotResponseDto, description: 'The bot.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another bot has that name.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: BotPatchDto, @Override() override: boolean): Promise<BotResponse> {
    return this.service.patch(caller, key, body, override);
  }

  @Post(':key/heartbeat')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Bot, 'key')
  @ApiOperation({ summary: 'Record that the bot is alive', description: 'Sets lastHeartbeat to the server time.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotResponseDto, description: 'The bot.' })
  heartbeat(@Param('key') key: string, @Body() _body: BotHeartbeatDto): Promise<BotResponse> {
    return this.service.heartbeat(key);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Bot, 'key')
  @ApiOperation({ summary: 'Delete a bot', description: 'Revokes its tokens; its actions and data go with it.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: BotResponseDto, description: 'The deleted bot.' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<BotResponse> {
    return this.service.remove(caller, key);
  }
}
