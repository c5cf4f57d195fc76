import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { tryAdvisoryXactLock } from '../database/advisory-lock';
import { longTransaction } from '../database/query-timeouts';
import { StatusChangeEntity } from '../history/status-change.entity';
import { AuditEventEntity } from './audit-event.entity';

/** Lock key of the retention sweep (any constant shared by every server; the timeout job has 7274001). */
export const RETENTION_LOCK_KEY = 7_274_018;

/** Rows deleted by one sweep. */
export interface RetentionResult {
  auditEvents: number;
  statusHistory: number;
}

/** The retention sweep's deletes: audit events and status history past their age. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Deletes audit events older than `auditDays` and status history older than `historyDays`, in
   * one transaction, if this process wins the advisory lock; null when another one holds it.
   * A periodic sweep's work: under the long statement limit (database/query-timeouts.ts).
   */
  sweep(auditDays: number, historyDays: number): Promise<RetentionResult | null> {
    return longTransaction(this.ds, async (m) => {
      if (!(await tryAdvisoryXactLock(m, RETENTION_LOCK_KEY))) return null;
      return {
        auditEvents: await olderThan(m, AuditEventEntity, auditDays),
        statusHistory: await olderThan(m, StatusChangeEntity, historyDays),
      };
    });
  }
}

/** Deletes the rows of `entity` (a table with an `at` column) older than `days`; the number deleted. */
async function olderThan(m: EntityManager, entity: EntityTarget<{ at: Date }>, days: number): Promise<number> {
  const r = await m.createQueryBuilder().delete().from(entity).where('at < now() - make_interval(days => CAST(:days AS integer))', { days }).execute();
  return r.affected ?? 0;
}
