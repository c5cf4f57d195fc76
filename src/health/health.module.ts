import { Global, Module } from '@nestjs/common';
import { DrainState } from './drain-state';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';
import { RootController } from './root.controller';

/** Health (readiness with detail) and the process's draining state, injectable everywhere. */
@Global()
@Module({ controllers: [HealthController, RootController], providers: [HealthService, HealthRepository, DrainState], exports: [DrainState] })
export class HealthModule {}
