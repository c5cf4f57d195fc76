import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { WebService } from './web.service';

type Form = Record<string, unknown>;

/**
 * Server-rendered pages. @Public() only with respect to API tokens: every page checks the signed
 * session cookie itself, and every form post its CSRF token and origin.
 */
@Public()
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly web: WebService) {}

  @Get('login')
  loginForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.web.loginForm(req, res);
  }

  @Post('login')
  login(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    return this.web.loginSubmit(req, res, form);
  }

  @Post('logout')
  logout(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    return this.web.logout(req, res, form);
  }

  @Get('tokens')
  tokens(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.web.list(req, res);
  }

  @Get('tokens/new')
  newToken(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.web.newForm(req, res);
  }

  @Post('tokens/new')
  create(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    return this.web.create(req, res, form);
  }

  @Post('tokens/:id/revoke')
  revoke(@Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() form: Form): Promise<void> {
    return this.web.change(req, res, id, form, 'revoke');
  }

  @Post('tokens/:id/delete')
  remove(@Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() form: Form): Promise<void> {
    return this.web.change(req, res, id, form, 'delete');
  }
}
