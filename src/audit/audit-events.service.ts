import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError } from '../common/errors/api-errors';
import { parseListQuery, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { parseTimeRange } from '../common/time-range';
import { AuditEventRecord, toAuditEventRecord } from './audit-event.presenter';
import { AUDIT_LIST_SPEC } from './audit-events.list';
import { AuditRepository } from './audit.repository';
import { mayAdminister } from '../writers/policy';

/** Reading the audit log: admins only; newest first unless `?sort=` says otherwise. */
@Injectable()
export class AuditEventsService {
  constructor(private readonly repo: AuditRepository) {}

  async list(caller: AuthenticatedUser, query: Record<string, unknown>): Promise<ListPage<Partial<AuditEventRecord>>> {
    if (!mayAdminister(caller)) throw new ForbiddenError({ source: 'AuditEvent', description: 'Only an admin may read the audit log.' });
    const q = parseListQuery(query, AUDIT_LIST_SPEC);
    const { rows, total } = await this.repo.list(q, parseTimeRange(query));
    return new ListPage(rows.map((r) => pickFields(toAuditEventRecord(r), q.fields)), total, q.limit, q.offset);
  }
}
