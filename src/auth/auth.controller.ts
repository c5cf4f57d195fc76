import { Body, Controller, Header, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UserRecord } from '../users/user.presenter';
import { AuthService, RegisteredUser } from './auth.service';
import { AuthenticateDto, RegisterDto } from './dto/credentials.dto';
import { Public } from './public.decorator';

class RegisteredUserRecord extends UserRecord {
  token!: string;
}

@ApiTags('auth')
@ApiSecurity({})
@Controller('v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign up (no token): the new user plus an API token named "registration", shown once' })
  @ApiCreatedResponse({ type: RegisteredUserRecord })
  @ApiResponse({ status: 400, description: 'Missing field, bad email, password too short' })
  @ApiResponse({ status: 403, description: 'Registration is turned off (REJECT_LOCAL_USER_REGISTRATION)' })
  @ApiResponse({ status: 409, description: 'A user with this name (any case) exists' })
  @ApiResponse({ status: 429, description: 'Too many registrations from this address' })
  register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<RegisteredUser> {
    return this.auth.register(dto, ip);
  }

  @Public()
  @Post('authenticate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in (no token): starts a session for the web pages; the body carries no token' })
  @ApiOkResponse({ schema: { example: { success: true, message: 'authentication succeeded' } } })
  @ApiResponse({ status: 401, description: 'LoginError: unknown user or wrong password (the same answer)' })
  @ApiResponse({ status: 429, description: 'Too many failures for this account or address; see Retry-After' })
  authenticate(
    @Body() dto: AuthenticateDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ success: true; message: string }> {
    return this.auth.authenticate(dto, req, res);
  }
}
