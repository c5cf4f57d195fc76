import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { CreateUserDto, PatchUserDto, PutUserDto } from './dto/user-body.dto';
import { UserRecord } from './user.presenter';
import { USER_LIST_SPEC } from './users.list';
import { UsersService } from './users.service';
import { RoomScoped } from '../auth/room-scope.decorator';

@ApiTags('users')
@ApiResponse({ status: 401, description: 'No valid token' })
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Paginated(USER_LIST_SPEC)
  @ApiOperation({ summary: 'List users (filters name, email, fullName, createdAt, updatedAt; fields, sort, limit, offset)' })
  @ApiOkResponse({ type: [UserRecord] })
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<UserRecord>>> {
    return this.users.list(query);
  }

  @Get(':key')
  @RoomScoped() // bot UIs in a room page read the names of the users acting there
  @ApiOperation({ summary: 'Get a user by id or name' })
  @ApiOkResponse({ type: UserRecord })
  @ApiResponse({ status: 404, description: 'No such user' })
  get(@Param('key') key: string): Promise<UserRecord> {
    return this.users.get(key);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admins only)' })
  @ApiCreatedResponse({ type: UserRecord })
  @ApiResponse({ status: 400, description: 'Bad field or unknown profile' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 409, description: 'A user with this name exists' })
  create(@Caller() caller: AuthenticatedUser, @Body() dto: CreateUserDto): Promise<UserRecord> {
    return this.users.create(caller, dto);
  }

  @Put(':key')
  @ApiOperation({ summary: 'Overwrite a user (yourself, or anyone for admins; profile changes: admins only)' })
  @ApiOkResponse({ type: UserRecord })
  @ApiResponse({ status: 403, description: 'Not yourself, a profile change by a non-admin, or the first admin' })
  @ApiResponse({ status: 404, description: 'No such user' })
  replace(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() dto: PutUserDto): Promise<UserRecord> {
    return this.users.replace(caller, key, dto);
  }

  @Patch(':key')
  @ApiOperation({ summary: 'Change some fields of a user (yourself, or anyone for admins; profile changes: admins only)' })
  @ApiOkResponse({ type: UserRecord })
  @ApiResponse({ status: 403, description: 'Not yourself, a profile change by a non-admin, or the first admin' })
  @ApiResponse({ status: 404, description: 'No such user' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() dto: PatchUserDto): Promise<UserRecord> {
    return this.users.patch(caller, key, dto);
  }

  @Delete(':key')
  @ApiOperation({ summary: 'Delete a user and all their tokens (yourself, or anyone for admins)' })
  @ApiOkResponse({ type: UserRecord })
  @ApiResponse({ status: 403, description: 'Not yourself, or the first admin' })
  @ApiResponse({ status: 404, description: 'No such user' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<UserRecord> {
    return this.users.remove(caller, key);
  }
}
