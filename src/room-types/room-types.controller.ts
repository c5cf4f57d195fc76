import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { RoomTypeBodyDto, RoomTypePatchDto } from './dto/room-type-body.dto';
import { RoomTypesService } from './room-types.service';
import type { RoomTypeResponse } from './room-type.presenter';
import { ApiResource } from '../common/api-docs';
import { RoomTypeResponseDto } from './dto/room-type-response.dto';

const KEY = { name: 'key', description: 'Room type id, or name (exact, any case).' };
const BAD = 'Schema violation, bad rules, unknown or repeated bot, unknown owner.';

@ApiResource('roomTypes')
@Controller('v1/roomTypes')
export class RoomTypesController {
  constructor(private readonly service: RoomTypesService) {}

  @Get()
  @Paginated()
  @ListParams('name', 'isEnabled', 'createdAt', 'updatedAt')
  @ApiOperation({ summary: 'List room types' })
  @ApiOkResponse({ type: [RoomTypeResponseDto], description: 'Room types.' })
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<RoomTypeResponse>>> {
    return this.service.list(query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a room type' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomTypeResponseDto, description: 'The room type.' })
  @ApiNotFoundResponse({ description: 'No such room type.' })
  get(@Param('key') key: string): Promise<RoomTypeResponse> {
    return this.service.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a room type' })
  @ApiCreatedResponse({ type: RoomTypeResponseDto, description: 'The room type.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A room type with that name (any case) exists.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: RoomTypeBodyDto): Promise<RoomTypeResponse> {
    return this.service.create(caller, body);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.RoomType, 'key')
  @ApiOperation({ summary: 'Update some fields of a room type' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomTypeResponseDto, description: 'The room type.' })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another room type has that name.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: RoomTypePatchDto, @Override() override: boolean): Promise<RoomTypeResponse> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.RoomType, 'key')
  @ApiOperation({ summary: 'Delete a room type', description: 'Refused (400) while rooms use it.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: RoomTypeResponseDto, description: 'The deleted room type.' })
  @ApiBadRequestResponse({ description: 'Rooms use this room type.' })
  remove(@Param('key') key: string): Promise<RoomTypeResponse> {
    return this.service.remove(key);
  }
}
