import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AspectEntity } from './aspect.entity';
import { AspectsController } from './aspects.controller';
import { AspectsRepository } from './aspects.repository';
import { AspectsService } from './aspects.service';

/** Aspects. @RequireWriter comes from the global WritersModule. */
@Module({
  imports: [TypeOrmModule.forFeature([AspectEntity])],
  controllers: [AspectsController],
  providers: [AspectsRepository, AspectsService],
  exports: [AspectsRepository, AspectsService],
})
export class AspectsModule {}
