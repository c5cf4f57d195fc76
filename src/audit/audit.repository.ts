import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { entityValues, selectEntityColumns } from '../database/entity-select';
import { listPageOf } from '../database/list-sql';
import type { TimeRange } from '../common/time-range';
import { AuditEventEntity } from './audit-event.entity';

/** An audit event as stored (the id, a bigint, as a string). */
export type AuditRow = AuditEventEntity;

/** A row to append. */
export type NewAuditRow = Omit<AuditRow, 'id' | 'at'>;

/** Every query on audit_events: append and list (pruning: RetentionRepository). Nothing updates a row. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  /** Appends an event; without an actor name, the name of the user `actorId` (if any). */
  async insert(r: NewAuditRow): Promise<void> {
    const actorName = r.actorName === null && r.actorId !== null ? () => '(SELECT u.name FROM users u WHERE u.id = :actorId)' : r.actorName;
    const values = entityValues<AuditEventEntity>({ ...r, actorName });
    await this.repo.createQueryBuilder().insert().values(values).setParameter('actorId', r.actorId).updateEntity(false).execute();
  }

  /** A page of events matching `q` within `range`, and the number of matches (counted by the page query). */
  list(q: ListQuery, range: TimeRange): Promise<RowsAndTotal<AuditRow>> {
    return listPageOf(selectEntityColumns(this.repo.manager, AuditEventEntity, 'e'), q, { windowCount: true, within: { column: 'e.at', range } });
  }
}
