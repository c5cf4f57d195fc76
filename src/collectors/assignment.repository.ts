import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
      await m.query('SELECT pg_advisory_xact_lock($1)', [ASSIGNMENT_LOCK_KEY]);
      return work(m);
    });
  }

  /**
   * Runs `work` only if no other process holds `key` (try-lock, first), then under the
   * assignment lock; null when another process has it.
   */
  whenFree<T>(key: number, work: (m: EntityManager) => Promise<T>): Promise<T | null> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [key])) as { ok: boolean }[];
      if (rows[0]?.ok !== true) return null;
      await m.query('SELECT pg_advisory_xact_lock($1)', [ASSIGNMENT_LOCK_KEY]);
      return work(m);
    });
  }

  async planInputs(m: EntityManager): Promise<{ gens: PlanGenerator[]; live: PlanCollector[]; now: number }> {
    const gens = (await m.query(
      `SELECT id, name, collector_group_id AS "groupId", collector_id AS "collectorId", is_active AS "isActive",
              interval_secs AS "intervalSecs",
              (extract(epoch FROM GREATEST(assigned_at, last_upsert_at)) * 1000)::float8 AS "lastSignOfLife"
         FROM generators WHERE is_active OR collector_id IS NOT NULL`,
    )) as PlanGenerator[];
    const live = (await m.query(
      `SELECT id, name, collector_group_id AS "groupId" FROM collectors
        WHERE status = 'Running' AND registered AND collector_group_id IS NOT NULL`,
    )) as PlanCollector[];
    const [{ now }] = (await m.query('SELECT (extract(epoch FROM now()) * 1000)::float8 AS now')) as { now: number }[];
    return { gens, live, now };
  }

  async assign(m: EntityManager, generatorId: string, collectorId: string | null): Promise<void> {
    await m.query(
      `UPDATE generators SET collector_id = $2, assigned_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END,
              last_upsert_at = NULL WHERE id = $1`,
      [generatorId, collectorId],
    );
  }

  /** Running collectors whose last heartbeat is older than `millis` become MissedHeartbeat; how many. */
  async markMissedHeartbeats(m: EntityManager, millis: number): Promise<number> {
    const rows = (await m.query(
      `UPDATE collectors SET status = 'MissedHeartbeat', updated_at = now()
        WHERE status = 'Running' AND last_heartbeat < now() - make_interval(secs => $1::double precision / 1000)
        RETURNING id`,
      [millis],
    )) as [unknown[], number];
    return rows[1];
  }

  /** In a transaction locking the collector row: what it was given, and what it should run. */
  async deliveryState(m: EntityManager, collectorId: string): Promise<{ delivered: Delivery[]; desired: DesiredGenerator[] }> {
    await m.query('SELECT 1 FROM collectors WHERE id = $1 FOR UPDATE', [collectorId]);
    const delivered = (await m.query(
      `SELECT generator_name AS "generatorName", generator_id AS "generatorId", revision
         FROM collector_deliveries WHERE collector_id = $1`,
      [collectorId],
    )) as Delivery[];
    const desired = (await m.query(
      'SELECT id, name, revision FROM generators WHERE collector_id = $1 AND is_active ORDER BY lower(name)',
      [collectorId],
    )) as DesiredGenerator[];
    return { delivered, desired };
  }

  async recordDelivery(m: EntityManager, collectorId: string, removedNames: string[], given: DesiredGenerator[]): Promise<void> {
    if (removedNames.length) {
      await m.query('DELETE FROM collector_deliveries WHERE collector_id = $1 AND generator_name = ANY($2::text[])', [collectorId, removedNames]);
    }
    for (const g of given) {
      await m.query(
        `INSERT INTO collector_deliveries (collector_id, generator_name, generator_id, revision) VALUES ($1, $2, $3, $4)
         ON CONFLICT (collector_id, generator_name) DO UPDATE SET generator_id = EXCLUDED.generator_id, revision = EXCLUDED.revision`,
        [collectorId, g.name, g.id, g.revision],
      );
    }
  }

  /** The collector runs nothing now (it started afresh, paused or stopped). */
  async forgetDeliveries(collectorId: string): Promise<void> {
    await this.db.query('DELETE FROM collector_deliveries WHERE collector_id = $1', [collectorId]);
  }
}
