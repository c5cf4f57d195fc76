import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AssignmentRepository, HEARTBEAT_SWEEP_LOCK_KEY } from './assignment.repository';
import { planAssignment } from './helpers/assignment-plan';
import { DeliveryDiff, deliveryDiff } from './helpers/delivery-diff';

/**
 * Which collector runs which generator, and what each collector has been told. Every change
 * that can move a generator (collector status, group membership, generator fields) calls
 * `rebalance`; runs are serialised across processes by an advisory lock.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly repo: AssignmentRepository,
    private readonly config: AppConfig,
  ) {}

  rebalance(): Promise<void> {
    return this.repo.withAssignmentLock((m) => this.rebalanceIn(m));
  }

  /** The changes a collector must hear of now; recorded as given (so told once). */
  changesFor(collectorId: string): Promise<DeliveryDiff> {
    return this.repo.withAssignmentLock(async (m) => {
      const { delivered, desired } = await this.repo.deliveryState(m, collectorId);
      const diff = deliveryDiff(delivered, desired);
      await this.repo.recordDelivery(m, collectorId, diff.deleted, [...diff.added, ...diff.updated]);
      return diff;
    });
  }

  /** The collector runs nothing any more (fresh start, paused, stopped). */
  forget(collectorId: string): Promise<void> {
    return this.repo.forgetDeliveries(collectorId);
  }

  /**
   * The periodic sweep: Running collectors silent for longer than interval + tolerance become
   * MissedHeartbeat, then generators move. One process at a time: null when another holds it.
   */
  async sweep(): Promise<number | null> {
    const late = this.config.collectorHeartbeatIntervalMillis + this.config.collectorHeartbeatLatencyToleranceMillis;
    return this.repo.whenFree(HEARTBEAT_SWEEP_LOCK_KEY, async (m) => {
      const n = await this.repo.markMissedHeartbeats(m, late);
      await this.rebalanceIn(m);
      return n;
    });
  }

  private async rebalanceIn(m: EntityManager): Promise<void> {
    const { gens, live, now } = await this.repo.planInputs(m);
    for (const [id, target] of planAssignment(gens, live, now)) await this.repo.assign(m, id, target);
  }
}
