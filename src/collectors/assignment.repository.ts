import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { GeneratorEntity } from '../generators/generator.entity';
import { advisoryXactLock, tryAdvisoryXactLock } from '../database/advisory-lock';
import { entityValues } from '../database/entity-select';
import { longTransaction } from '../database/query-timeouts';
import { CollectorDeliveryEntity, CollectorEntity } from './collector.entity';
import type { PlanCollector, PlanGenerator } from './helpers/assignment-plan';

/** Serialises assignment runs across processes (pg_advisory_xact_lock). */
const ASSIGNMENT_LOCK_KEY = 7_464_015_001;
/** Held by the one process running the missed-heartbeat sweep. */
export const HEARTBEAT_SWEEP_LOCK_KEY = 7_464_015_002;

/** A delivery row: what a collector was given. */
export interface Delivery {
  generatorName: string;
  generatorId: string | null;
  revision: number;
}

/** An active generator a collector should run, with what its delivery needs. */
export interface DesiredGenerator {
  id: string;
  name: string;
  revision: number;
}

/** The SQL of generator assignment and of what each collector was given. */
@Injectable()
export class AssignmentRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` in a transaction holding the assignment lock (waits for another process's run). */
  withAssignmentLock<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await advisoryXactLock(m, ASSIGNMENT_LOCK_KEY);
      return work(m);
    });
  }

  /**
   * Runs `work` only if no other process holds `key` (try-lock, first), then under the
   * assignment lock; null when another process has it. A periodic sweep's work: under the
   * long statement limit.
   */
  whenFree<T>(key: number, work: (m: EntityManager) => Promise<T>): Promise<T | null> {
    return longTransaction(this.db, async (m) => {
      if (!(await tryAdvisoryXactLock(m, key))) return null;
      await advisoryXactLock(m, ASSIGNMENT_LOCK_KEY);
      return work(m);
    });
  }

  async planInputs(m: EntityManager): Promise<{ gens: PlanGenerator[]; live: PlanCollector[]; now: number }> {
    const gens = await m
      .createQueryBuilder(GeneratorEntity, 'g')
      .select('g.id', 'id')
      .addSelect('g.name', 'name')
      .addSelect('g.collectorGroupId', 'groupId')
      .addSelect('g.collectorId', 'collectorId')
      .addSelect('g.isActive', 'isActive')
      .addSelect('g.intervalSecs', 'intervalSecs')
      .addSelect('(extract(epoch FROM GREATEST(g.assigned_at, g.last_upsert_at)) * 1000)::float8', 'lastSignOfLife')
      .where('g.is_active OR g.collector_id IS NOT NULL')
      .getRawMany<PlanGenerator>();
    const live = await m
      .createQueryBuilder(CollectorEntity, 'c')
      .select('c.id', 'id')
      .addSelect('c.name', 'name')
      .addSelect('c.collectorGroupId', 'groupId')
      .where("c.status = 'Running' AND c.registered AND c.collector_group_id IS NOT NULL")
      .getRawMany<PlanCollector>();
    // the database's clock: a function call without a table, which the QueryBuilder cannot express
    const [{ now }] = (await m.query('SELECT (extract(epoch FROM now()) * 1000)::float8 AS now')) as { now: number }[];
    return { gens, live, now };
  }

  async assign(m: EntityManager, generatorId: string, collectorId: string | null): Promise<void> {
    await m
      .createQueryBuilder()
      .update(GeneratorEntity)
      .set(entityValues<GeneratorEntity>({ collectorId, assignedAt: collectorId === null ? null : () => 'now()', lastUpsertAt: null }))
      .where('id = :generatorId', { generatorId })
      .execute();
  }

  /**
   * Running collectors whose last heartbeat is older than `millis` become MissedHeartbeat; how
   * many. One set-based statement per sweep (not a read then per-row writes, which a heartbeat
   * arriving in between could contradict).
   */
  async markMissedHeartbeats(m: EntityManager, millis: number): Promise<number> {
    const result = await m
      .createQueryBuilder()
      .update(CollectorEntity)
      .set(entityValues<CollectorEntity>({ status: 'MissedHeartbeat', updatedAt: () => 'now()' }))
      .where("status = 'Running' AND last_heartbeat < now() - make_interval(secs => :millis::double precision / 1000)", { millis })
      .execute();
    return result.affected ?? 0;
  }

  /** In a transaction locking the collector row: what it was given, and what it should run. */
  async deliveryState(m: EntityManager, collectorId: string): Promise<{ delivered: Delivery[]; desired: DesiredGenerator[] }> {
    await m.createQueryBuilder(CollectorEntity, 'c').select('c.id').where('c.id = :collectorId', { collectorId }).setLock('pessimistic_write').getRawOne();
    const delivered = await m
      .createQueryBuilder(CollectorDeliveryEntity, 'd')
      .select('d.generatorName', 'generatorName')
      .addSelect('d.generatorId', 'generatorId')
      .addSelect('d.revision', 'revision')
      .where('d.collector_id = :collectorId', { collectorId })
      .getRawMany<Delivery>();
    const desired = await m
      .createQueryBuilder(GeneratorEntity, 'g')
      .select('g.id', 'id')
      .addSelect('g.name', 'name')
      .addSelect('g.revision', 'revision')
      .where('g.collector_id = :collectorId AND g.is_active', { collectorId })
      .orderBy('lower(g.name)')
      .getRawMany<DesiredGenerator>();
    return { delivered, desired };
  }

  async recordDelivery(m: EntityManager, collectorId: string, removedNames: string[], given: DesiredGenerator[]): Promise<void> {
    if (removedNames.length) {
      await m
        .createQueryBuilder()
        .delete()
        .from(CollectorDeliveryEntity)
        .where('collector_id = :collectorId AND generator_name = ANY(:removedNames::text[])', { collectorId, removedNames })
        .execute();
    }
    if (given.length) {
      await m
        .createQueryBuilder()
        .insert()
        .into(CollectorDeliveryEntity)
        .values(given.map((g) => ({ collectorId, generatorName: g.name, generatorId: g.id, revision: g.revision })))
        .orUpdate(['generator_id', 'revision'], ['collector_id', 'generator_name'])
        .updateEntity(false)
        .execute();
    }
  }

  /** The collector runs nothing now (it started afresh, paused or stopped). */
  async forgetDeliveries(collectorId: string): Promise<void> {
    await this.db.createQueryBuilder().delete().from(CollectorDeliveryEntity).where('collector_id = :collectorId', { collectorId }).execute();
  }
}
