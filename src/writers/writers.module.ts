import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WRITER_ENTITIES } from './writer.entity';
import { WriterListsService } from './writer-lists.service';
import { SampleWriterResolver, WriterResolvers } from './writer-resolvers';
import {
  AspectWritersController,
  BotActionWritersController,
  BotDataWritersController,
  BotWritersController,
  CollectorGroupWritersController,
  CollectorWritersController,
  GeneratorTemplateWritersController,
  GeneratorWritersController,
  LensWritersController,
  PerspectiveWritersController,
  RoomTypeWritersController,
  RoomWritersController,
  SubjectWritersController,
} from './writers.controller';
import { WritersGuard } from './writers.guard';
import { WritersRepository } from './writers.repository';
import { WritersService } from './writers.service';

/** Record-level permissions. Global: resource modules use `@RequireWriter` and `WritersService` without importing it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(Object.values(WRITER_ENTITIES))],
  controllers: [
    SubjectWritersController,
    AspectWritersController,
    PerspectiveWritersController,
    LensWritersController,
    BotWritersController,
    BotActionWritersController,
    BotDataWritersController,
    RoomWritersController,
    RoomTypeWritersController,
    CollectorWritersController,
    CollectorGroupWritersController,
    GeneratorTemplateWritersController,
    GeneratorWritersController,
  ],
  providers: [WritersRepository, SampleWriterResolver, WriterResolvers, WritersService, WriterListsService, WritersGuard],
  exports: [WritersService, WritersGuard],
})
export class WritersModule {}
