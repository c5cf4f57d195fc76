import type { ListSpec } from '../common/list-query';

const str = (sql: string) => ({ sql, kind: 'string' as const });

/** Filters (`*` wildcards, comma lists) and sort fields of the audit log. */
export const AUDIT_LIST_SPEC: ListSpec = {
  source: 'AuditEvent',
  columns: {
    id: { sql: 'e.id', kind: 'number', filter: false },
    at: { sql: 'e.at', kind: 'timestamp' },
    actorId: str('e.actor_id::text'),
    actor: str('e.actor_name'),
    actorName: str('e.actor_name'),
    action: str('e.action'),
    targetType: str('e.target_type'),
    targetId: str('e.target_id'),
    target: str('e.target_name'),
    targetName: str('e.target_name'),
    outcome: str('e.outcome'),
    address: str('e.address'),
  },
  selectable: ['id', 'at', 'actorId', 'actorName', 'action', 'targetType', 'targetId', 'targetName', 'outcome', 'address', 'details'],
  defaultSort: [],
  idSql: 'e.id',
  defaultOrder: [
    { sql: 'e.at', direction: 'DESC' },
    { sql: 'e.id', direction: 'DESC' },
  ],
};
