import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BulkUpsertService } from './bulk-upsert.service';
import { GeneratorUpsertGateModule } from '../generators/generator-upsert.gate';
import { SampleTimeoutJob } from './sample-timeout.job';
import { SampleEntity } from './sample.entity';
import { SampleUpsertJobEntity } from './sample-upsert-job.entity';
import { SamplesController } from './samples.controller';
import { SamplesRepository } from './samples.repository';
import { SamplesService } from './samples.service';

/** Samples: reads, writes, the bulk upsert hot path and the timeout job. */
@Module({
  imports: [TypeOrmModule.forFeature([SampleEntity, SampleUpsertJobEntity]), GeneratorUpsertGateModule],
  controllers: [SamplesController],
  providers: [SamplesRepository, SamplesService, BulkUpsertService, SampleTimeoutJob],
  exports: [SampleTimeoutJob],
})
export class SamplesModule {}
