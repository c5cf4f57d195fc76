import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { GlobalConfigCreateDto, GlobalConfigPatchDto, GlobalConfigResponseDto } from './dto/globalconfig-body.dto';
import { GlobalConfigService, GlobalConfigView } from './globalconfig.service';

const KEY = { name: 'key', description: 'Global config id, or key (exact, any case), e.g. DEFAULT_PERSPECTIVE.' };

@ApiTags('globalconfig')
@ApiResponse({ status: 401, description: 'No valid token' })
@Controller('v1/globalconfig')
export class GlobalConfigController {
  constructor(private readonly service: GlobalConfigService) {}

  @Get()
  @ApiOperation({ summary: 'List global config items' })
  @ApiOkResponse({ type: [GlobalConfigResponseDto] })
  list(): Promise<GlobalConfigView[]> {
    return this.service.list();
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a global config item' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: GlobalConfigResponseDto })
  @ApiResponse({ status: 404, description: 'No such key' })
  get(@Param('key') key: string): Promise<GlobalConfigView> {
    return this.service.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a global config item (admins only)' })
  @ApiCreatedResponse({ type: GlobalConfigResponseDto })
  @ApiResponse({ status: 400, description: 'Bad key or value' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 409, description: 'The key exists (any case)' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: GlobalConfigCreateDto): Promise<GlobalConfigView> {
    return this.service.create(caller, body);
  }

  @Patch(':key')
  @ApiOperation({ summary: 'Change a global config item (admins only)' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: GlobalConfigResponseDto })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 404, description: 'No such key' })
  @ApiResponse({ status: 409, description: 'Another item has the new key' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: GlobalConfigPatchDto): Promise<GlobalConfigView> {
    return this.service.patch(caller, key, body);
  }

  @Delete(':key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a global config item (admins only)' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: GlobalConfigResponseDto, description: 'The deleted item.' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 404, description: 'No such key' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<GlobalConfigView> {
    return this.service.remove(caller, key);
  }
}
