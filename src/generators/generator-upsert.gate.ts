import { Injectable, Module } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError } from '../common/errors/api-errors';
import { GeneratorsRepository } from './generators.repository';

/**
 * The bulk upsert's check of a generator token: allowed only while its generator exists, is
 * active and runs on a Running collector (else 403); records the upsert (for reassignment).
 * Other callers pass through untouched.
 */
@Injectable()
export class GeneratorUpsertGate {
  constructor(private readonly repo: GeneratorsRepository) {}

  async assertMayUpsert(caller: AuthenticatedUser): Promise<void> {
    if (caller.tokenKind !== 'generator') return;
    if (!caller.tokenBoundId || !(await this.repo.recordUpsert(caller.tokenBoundId))) {
      throw new ForbiddenError({
        message: 'This generator is not running: it was deleted or deactivated, or its collector is not Running.',
        source: 'Generator',
        value: caller.tokenBoundId ?? '',
      });
    }
  }
}

/** Just the gate, for the samples module. */
@Module({ providers: [GeneratorsRepository, GeneratorUpsertGate], exports: [GeneratorUpsertGate] })
export class GeneratorUpsertGateModule {}
