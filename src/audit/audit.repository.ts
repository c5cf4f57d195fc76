import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
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
    // the free-form `details` object is beyond QueryDeepPartialEntity's typing
    const values = { ...r, actorName } as QueryDeepPartialEntity<AuditEventEntity>;
    await this.repo.createQueryBuilder().insert().values(values).setParameter('actorId', r.actorId).updateEntity(false).execute();
  }

  /** A page of events matching `q` and the number of matches (counted by the page query). */
  list(q: ListQuery): Promise<RowsAndTotal<AuditRow>> {
    return listPageOf(this.selectAll(), q, { windowCount: true });
  }

  /** Every column under its property name (raw rows shaped like the entity). */
  private selectAll(): SelectQueryBuilder<AuditEventEntity> {
    const qb = this.repo.createQueryBuilder('e').select([]);
    for (const c of this.repo.metadata.columns) qb.addSelect(`e.${c.databaseName}`, c.propertyName);
    return qb;
  }
}
