import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The app's metrics (Prometheus, prom-client), injectable everywhere as MetricsService. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
