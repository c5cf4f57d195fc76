import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { SessionCaller } from '../web/perspectives/session-caller';
import { HistoryService, SampleTimeline } from './history.service';

/**
 * JSON for the perspective page (session cookie, not a token; 401 in the API's shape without a
 * session): a sample's recent timeline, which the page hands to the built-in lens on a click.
 */
@Public()
@ApiExcludeController()
@Controller()
export class HistoryPageController {
  constructor(
    private readonly history: HistoryService,
    private readonly session: SessionCaller,
  ) {}

  @Get('perspectives/:name/sample-history')
  async timeline(@Req() req: Request, @Query('sample') sample: unknown): Promise<SampleTimeline> {
    await this.session.caller(req); // 401 without a session
    return this.history.timeline(sample);
  }
}
