import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { loggerParams } from './common/logging';
import { ApiValidationPipe } from './common/validation/api-validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { WritersModule } from './writers/writers.module';
import { SamplesModule } from './samples/samples.module';
import { SubjectsModule } from './subjects/subjects.module';
import { AspectsModule } from './aspects/aspects.module';
import { LensesModule } from './lenses/lenses.module';
import { PerspectivesModule } from './perspectives/perspectives.module';

/** Where the database is: a URL, and whether it is the embedded engine. */
export interface DatabaseTarget {
  url: string;
  embedded: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(database.url, database.embedded), entities: [], autoLoadEntities: true }),
        HealthModule,
        AuthModule,
        WebModule,
        WritersModule,
        SamplesModule,
        SubjectsModule,
        AspectsModule,
        LensesModule,
        PerspectivesModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
      ],
    };
  }
}
