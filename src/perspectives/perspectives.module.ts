import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PerspectiveEntity } from './perspective.entity';
import { PerspectivesController } from './perspectives.controller';
import { PerspectivesRepository } from './perspectives.repository';
import { PerspectivesService } from './perspectives.service';

/** `/v1/perspectives`: saved views drawn by a lens. */
@Module({
  imports: [TypeOrmModule.forFeature([PerspectiveEntity])],
  controllers: [PerspectivesController],
  providers: [PerspectivesRepository, PerspectivesService],
  exports: [PerspectivesService],
})
export class PerspectivesModule {}
