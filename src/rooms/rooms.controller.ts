import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { RoomScoped } from '../auth/room-scope.decorator';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { RoomBodyDto, RoomPatchDto } from './dto/room-body.dto';
import { RoomsService } from './rooms.service';
import type { DeletedRoomResponse, RoomResponse } from './room.presenter';
import { ApiResource } from '../common/api-docs';
import { RoomResponseDto } from './dto/room-response.dto';

const KEY = { name: 'key', description: 'Room id (an integer), or name (exact, any case).' };
const BAD = 'Schema violation, unknown room type, unknown or repeated bot, unknown owner.';

@ApiResource('rooms')
@Controller('v1/rooms')
export class RoomsController {
  constructor(private readonly service: RoomsService) {}

  @Get()
  @Paginated()
  @ListParams('name', 'active', 'type', 'origin', 'externalId', 'createdAt', 'updatedAt')
  @ApiOperation({ summary: 'List rooms' })
  @ApiOkResponse({ type: [RoomResponseDto], description: 'Rooms.' })
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<RoomResponse>>> {
    return this.service.list(query);
  }

  @Get(':key')
  @RoomScoped()
  @ApiOperation({ summary: 'Get a room' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomResponseDto, description: 'The room.' })
  @ApiNotFoundResponse({ description: 'No such room.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<RoomResponse> {
    return this.service.get(caller, key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a room', description: 'Empty settings and bots are copied from the room type.' })
  @ApiCreatedResponse({ type: RoomResponseDto, description: 'The room.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A room with that name (any case) exists.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: RoomBodyDto): Promise<RoomResponse> {
    return this.service.create(caller, body);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Room, 'key')
  @ApiOperation({ summary: 'Update some fields of a room' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomResponseDto, description: 'The room.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another room has that name.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: RoomPatchDto, @Override() override: boolean): Promise<RoomResponse> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Room, 'key')
  @ApiOperation({ summary: 'Delete a room', description: 'Its bot actions, bot data and events go with it.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomResponseDto, description: 'The deleted room.' })
  remove(@Param('key') key: string): Promise<DeletedRoomResponse> {
    return this.service.remove(key);
  }
}
