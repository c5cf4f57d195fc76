import { Global, Module } from '@nestjs/common';
import { SampleWriterResolver, WriterResolvers } from './writer-resolvers';
import { WritersGuard } from './writers.guard';
import { WritersRepository } from './writers.repository';
import { WritersService } from './writers.service';

/** Record-level permissions. Global: resource modules use `@RequireWriter` and `WritersService` without importing it. */
@Global()
@Module({
  providers: [WritersRepository, SampleWriterResolver, WriterResolvers, WritersService, WritersGuard],
  exports: [WritersService, WritersGuard],
})
export class WritersModule {}
