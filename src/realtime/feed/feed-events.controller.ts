import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FeedSseService } from './feed-sse.service';

const STREAM = {
  description:
    'A text/event-stream: one message per event (`event: refocus.internal.realtime.sample.update`, `data: <payload JSON>`), ' +
    'a comment line every 15 s. Events as on the socket.io namespace /perspectives.',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};
const FILTERS = ['aspect', 'aspectTags', 'subjectTags', 'status'];

/** The live feed for scripts (Server-Sent Events): thin handlers, FeedSseService does the work. */
@ApiTags('realtime')
@Controller('v1')
export class FeedEventsController {
  constructor(private readonly sse: FeedSseService) {}

  @Get('perspectives/:key/events')
  @ApiOperation({ summary: "A perspective's live events (Server-Sent Events)", operationId: 'streamPerspectiveEvents' })
  @ApiParam({ name: 'key', description: 'Perspective id or name' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse(STREAM)
  perspective(@Param('key') key: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.sse.open(req, res, { p: key });
  }

  @Get('subjects/:key/events')
  @ApiOperation({ summary: "A subtree's live events, filtered like its hierarchy (Server-Sent Events)", operationId: 'streamSubjectEvents' })
  @ApiParam({ name: 'key', description: 'Root subject absolutePath' })
  @ApiQuery({ name: 'aspect', required: false, description: 'Comma list; a leading - excludes' })
  @ApiQuery({ name: 'aspectTags', required: false })
  @ApiQuery({ name: 'subjectTags', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiProduces('text/event-stream')
  @ApiOkResponse(STREAM)
  subject(
    @Param('key') key: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.sse.open(req, res, { ...pick(query, FILTERS), root: key });
  }
}

function pick(query: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));
}
