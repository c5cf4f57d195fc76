import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ListPage, Paginated } from '../common/pagination';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { CreateTokenDto } from './dto/create-token.dto';
import { ListTokensQuery } from './dto/list-tokens.query';
import { CreatedTokenRecord, TokenRecord } from './token.presenter';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiResponse({ status: 401, description: 'No valid token' })
@Controller('v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create a named API token for the caller; the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedTokenRecord })
  @ApiResponse({ status: 400, description: 'Bad name or expiresAt' })
  @ApiResponse({ status: 409, description: 'The caller already has a token with this name (any case)' })
  @ApiResponse({ status: 429, description: 'Too many tokens created in the last hour' })
  create(@Caller() caller: AuthenticatedUser, @Body() dto: CreateTokenDto): Promise<CreatedTokenRecord> {
    return this.tokens.create(caller, dto);
  }

  @Get()
  @Paginated()
  @ApiOperation({ summary: "List the caller's tokens (admins: everyone's, or one user's with ?user=)" })
  @ApiOkResponse({ type: [TokenRecord] })
  list(
    @Caller() caller: AuthenticatedUser,
    @Query() q: ListTokensQuery,
  ): Promise<ListPage<TokenRecord>> {
    return this.tokens.list(caller, q);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a token by id or by (own) name' })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 404, description: 'No such token, or not yours' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<TokenRecord> {
    return this.tokens.get(caller, key);
  }

  @Delete(':key')
  @ApiOperation({ summary: 'Delete a token (owner or admin)' })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 404, description: 'No such token, or not yours' })
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<TokenRecord> {
    return this.tokens.remove(caller, key);
  }

  @Post(':key/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a token (owner or admin)' })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 400, description: 'Already revoked' })
  @ApiResponse({ status: 404, description: 'No such token, or not yours' })
  revoke(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<TokenRecord> {
    return this.tokens.revoke(caller, key);
  }

  @Post(':key/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a revoked token (admin)' })
  @ApiOkResponse({ type: TokenRecord })
  @ApiResponse({ status: 400, description: 'Not revoked' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 404, description: 'No such token' })
  restore(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<TokenRecord> {
    return this.tokens.restore(caller, key);
  }
}
