import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and database check (no token needed)' })
  @ApiResponse({ status: 200, description: 'The database answers', schema: { example: { status: 'ok' } } })
  @ApiResponse({ status: 503, description: 'The database does not answer', schema: { example: { status: 'unavailable' } } })
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: string }> {
    const ok = await this.health.databaseAnswers();
    res.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return { status: ok ? 'ok' : 'unavailable' };
  }
}
