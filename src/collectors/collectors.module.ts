import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CollectorGroupsController } from '../collector-groups/collector-groups.controller';
import { CollectorGroupsRepository } from '../collector-groups/collector-groups.repository';
import { CollectorGroupsService } from '../collector-groups/collector-groups.service';
import { CollectorGroupEntity } from '../collector-groups/collector-group.entity';
import { GeneratorTemplateEntity } from '../generator-templates/generator-template.entity';
import { GeneratorTemplatesController } from '../generator-templates/generator-templates.controller';
import { GeneratorTemplatesRepository } from '../generator-templates/generator-templates.repository';
import { GeneratorTemplatesService } from '../generator-templates/generator-templates.service';
import { GeneratorEntity } from '../generators/generator.entity';
import { GeneratorPayloads } from '../generators/generator-payloads';
import { GeneratorsController } from '../generators/generators.controller';
import { GeneratorsRepository } from '../generators/generators.repository';
import { GeneratorsService } from '../generators/generators.service';
import { SecretContextCipher } from '../generators/secret-context.cipher';
import { TokensModule } from '../tokens/tokens.module';
import { AssignmentRepository } from './assignment.repository';
import { AssignmentService } from './assignment.service';
import { CollectorDeliveryEntity, CollectorEntity } from './collector.entity';
import { CollectorsController } from './collectors.controller';
import { CollectorsRepository } from './collectors.repository';
import { CollectorsService } from './collectors.service';
import { MissedHeartbeatJob } from './missed-heartbeat.job';

/**
 * Collectors, collector groups, generator templates and sample generators (COLLECTORS.md): one
 * module, as assignment ties them together.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([CollectorEntity, CollectorDeliveryEntity, CollectorGroupEntity, GeneratorTemplateEntity, GeneratorEntity]),
    TokensModule,
  ],
  controllers: [CollectorsController, CollectorGroupsController, GeneratorTemplatesController, GeneratorsController],
  providers: [
    AssignmentRepository,
    AssignmentService,
    MissedHeartbeatJob,
    CollectorsRepository,
    CollectorsService,
    CollectorGroupsRepository,
    CollectorGroupsService,
    GeneratorTemplatesRepository,
    GeneratorTemplatesService,
    GeneratorsRepository,
    GeneratorsService,
    GeneratorPayloads,
    SecretContextCipher,
  ],
})
export class CollectorsModule {}
