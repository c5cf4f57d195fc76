import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LensEntity } from './lens.entity';
import { LensesController } from './lenses.controller';
import { LensesRepository } from './lenses.repository';
import { LensesService } from './lenses.service';

/** `/v1/lenses`: zipped UI libraries that draw perspectives. */
@Module({
  imports: [TypeOrmModule.forFeature([LensEntity])],
  controllers: [LensesController],
  providers: [LensesRepository, LensesService],
  exports: [LensesRepository, LensesService],
})
export class LensesModule {}
