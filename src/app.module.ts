import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { loggerParams } from './common/logging';
import { ApiValidationPipe } from './common/validation/api-validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import type { DatabaseTarget } from './database/database-target';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ThrottleModule } from './auth/rate-limiter';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { WritersModule } from './writers/writers.module';
import { SamplesModule } from './samples/samples.module';
import { SubjectsModule } from './subjects/subjects.module';
import { AspectsModule } from './aspects/aspects.module';
import { LensesModule } from './lenses/lenses.module';
import { PerspectivesModule } from './perspectives/perspectives.module';
import { BotsModule } from './bots/bots.module';
import { RoomPagesModule } from './web/rooms/room-pages.module';
import { AuditModule } from './audit/audit.module';
import { HistoryModule } from './history/history.module';
import { GlobalConfigModule } from './globalconfig/globalconfig.module';
import { CollectorsModule } from './collectors/collectors.module';
import { PerspectivePagesModule } from './web/perspectives/perspective-pages.module';
import { RealtimeModule } from './realtime/realtime.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        DatabaseModule.forRoot(database),
        MetricsModule,
        ThrottleModule,
        RealtimeModule,
        // Express tries routes in the order they are registered, which follows this list: the
        // routes collectors and dashboards call all day come first, the rarely used ones last.
        HealthModule,
        SamplesModule,
        AspectsModule,
        SubjectsModule,
        PerspectivesModule,
        LensesModule,
        AuthModule,
        WebModule,
        GlobalConfigModule,
        PerspectivePagesModule,
        WritersModule,
        BotsModule,
        RoomPagesModule,
        CollectorsModule,
        AuditModule,
        HistoryModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
      ],
    };
  }
}
