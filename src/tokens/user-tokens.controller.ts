import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ListPage, Paginated } from '../common/pagination';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ListTokensQuery } from './dto/list-tokens.query';
import { TokenRecord } from './token.presenter';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiResponse({ status: 401, description: 'No valid token' })
@ApiResponse({ status: 404, description: 'No such user or token, or not yours' })
@Controller('v1/users/:user/tokens')
export class UserTokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @Paginated()
  @ApiOperation({ summary: "A user's tokens (yourself, or anyone for admins)" })
  @ApiOkResponse({ type: [TokenRecord] })
  list(
    @Caller() caller: AuthenticatedUser,
    @Param('user') user: string,
    @Query() q: ListTokensQuery,
  ): Promise<ListPage<TokenRecord>> {
    return this.tokens.listOfUser(caller, user, q);
  }

  @Get(':name')
  @ApiOperation({ summary: "One of a user's tokens, by name" })
  @ApiOkResponse({ type: TokenRecord })
  get(@Caller() caller: AuthenticatedUser, @Param('user') user: string, @Param('name') name: string): Promise<TokenRecord> {
    return this.tokens.getOfUser(caller, user, name);
  }

  @Delete(':name')
  @ApiOperation({ summary: "Delete one of a user's tokens, by name (owner or admin)" })
  @ApiOkResponse({ type: TokenRecord })
  remove(@Caller() caller: AuthenticatedUser, @Param('user') user: string, @Param('name') name: string): Promise<TokenRecord> {
    return this.tokens.removeOfUser(caller, user, name);
  }

  @Post(':name/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: "Revoke one of a user's tokens, by name (owner or admin)" })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 400, description: 'Already revoked' })
  revoke(@Caller() caller: AuthenticatedUser, @Param('user') user: string, @Param('name') name: string): Promise<TokenRecord> {
    return this.tokens.revokeOfUser(caller, user, name);
  }

  @Post(':name/restore')
  @HttpCode(200)
  @ApiOperation({ summary: "Restore one of a user's revoked tokens, by name (admin)" })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 400, description: 'Not revoked' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  restore(@Caller() caller: AuthenticatedUser, @Param('user') user: string, @Param('name') name: string): Promise<TokenRecord> {
    return this.tokens.restoreOfUser(caller, user, name);
  }
}
