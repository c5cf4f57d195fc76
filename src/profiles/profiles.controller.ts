import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ProfileBodyDto } from './dto/profile-body.dto';
import { ProfileRecord } from './profile.presenter';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@ApiResponse({ status: 401, description: 'No valid token' })
@Controller('v1/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @ApiOperation({ summary: 'List profiles' })
  @ApiOkResponse({ type: [ProfileRecord] })
  list(): Promise<ProfileRecord[]> {
    return this.profiles.list();
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a profile by id or name' })
  @ApiOkResponse({ type: ProfileRecord })
  @ApiResponse({ status: 404, description: 'No such profile' })
  get(@Param('key') key: string): Promise<ProfileRecord> {
    return this.profiles.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a profile (admins only)' })
  @ApiCreatedResponse({ type: ProfileRecord })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 409, description: 'A profile with this name exists' })
  create(@Caller() caller: AuthenticatedUser, @Body() dto: ProfileBodyDto): Promise<ProfileRecord> {
    return this.profiles.create(caller, dto);
  }

  @Put(':key')
  @ApiOperation({ summary: 'Rename a profile (admins only; not Admin or RefocusUser)' })
  @ApiOkResponse({ type: ProfileRecord })
  @ApiResponse({ status: 403, description: 'Not an admin, or a built-in profile' })
  replace(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() dto: ProfileBodyDto): Promise<ProfileRecord> {
    return this.profiles.update(caller, key, dto);
  }

  @Patch(':key')
  @ApiOperation({ summary: 'Rename a profile (admins only; not Admin or RefocusUser)' })
  @ApiOkResponse({ type: ProfileRecord })
  @ApiResponse({ status: 403, description: 'Not an admin, or a built-in profile' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() dto: ProfileBodyDto): Promise<ProfileRecord> {
    return this.profiles.update(caller, key, dto);
  }

  @Delete(':key')
  @ApiOperation({ summary: 'Delete a profile without users (admins only; not Admin or RefocusUser)' })
  @ApiOkResponse({ type: ProfileRecord })
  @ApiResponse({ status: 403, description: 'Not an admin, a built-in profile, or it still has users' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<ProfileRecord> {
    return this.profiles.remove(caller, key);
  }
}
