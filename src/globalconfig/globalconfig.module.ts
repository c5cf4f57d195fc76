import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GlobalConfigController } from './globalconfig.controller';
import { GlobalConfigEntity } from './globalconfig.entity';
import { GlobalConfigRepository } from './globalconfig.repository';
import { GlobalConfigService } from './globalconfig.service';

/** `/v1/globalconfig`: site-wide settings such as DEFAULT_PERSPECTIVE. */
@Module({
  imports: [TypeOrmModule.forFeature([GlobalConfigEntity])],
  controllers: [GlobalConfigController],
  providers: [GlobalConfigRepository, GlobalConfigService],
  exports: [GlobalConfigService],
})
export class GlobalConfigModule {}
