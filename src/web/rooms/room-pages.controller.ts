import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { RoomPagesService } from './room-pages.service';

/**
 * The room page. @Public() only with respect to API tokens: every route checks the signed
 * session cookie itself, and the form post its CSRF token and origin. The bot frames get a
 * room-view token, never the session.
 */
@Public()
@ApiExcludeController()
@Controller('rooms/:id')
export class RoomPagesController {
  constructor(private readonly pages: RoomPagesService) {}

  @Get()
  view(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.pages.view(req, res, id);
  }

  @Post('active')
  toggle(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Record<string, unknown>): Promise<void> {
    return this.pages.toggle(req, res, id, form);
  }

  @Get('stream')
  stream(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.pages.stream(req, res, id);
  }

  @Get('bots/:bot/frame')
  frame(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('bot') bot: string): Promise<void> {
    return this.pages.frame(req, res, id, bot);
  }
}
