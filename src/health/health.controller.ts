import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { HealthReport, HealthService } from './health.service';

const READY: HealthReport = { status: 'ok', database: 'ok', changeListener: 'listening', draining: false };
const NOT_READY = { status: 503, description: 'Not ready: the database does not answer, or the process is draining before it stops' };

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database answers and the process is not shutting down (no token needed)' })
  @ApiResponse({ status: 200, description: 'Ready', schema: { example: { status: 'ok' } } })
  @ApiResponse({ ...NOT_READY, schema: { example: { status: 'unavailable' } } })
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: HealthReport['status'] }> {
    return { status: this.answer(res, await this.health.report()).status };
  }

  @Public()
  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness with its detail: database, change listener, draining (no token needed)' })
  @ApiResponse({ status: 200, description: 'Ready', schema: { example: READY } })
  @ApiResponse({ ...NOT_READY, schema: { example: { ...READY, status: 'unavailable', database: 'unavailable' } } })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    return this.answer(res, await this.health.report());
  }

  private answer(res: Response, report: HealthReport): HealthReport {
    res.status(report.status === 'ok' ? 200 : 503).setHeader('Cache-Control', 'no-store');
    if (report.status !== 'ok') res.setHeader('Retry-After', '2');
    return report;
  }
}
