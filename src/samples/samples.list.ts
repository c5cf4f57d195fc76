import type { ListSpec } from '../common/list-query';
import { SAMPLE_NAME_SQL } from './sample-sql';

/** `GET /v1/samples`: filters, sort fields and selectable fields (REFOCUS-REFERENCE.md §4.5). */
export const SAMPLE_LIST_SPEC: ListSpec = {
  source: 'Sample',
  columns: {
    name: { sql: SAMPLE_NAME_SQL, kind: 'string' },
    value: { sql: 's.value', kind: 'string' },
    status: { sql: 's.status', kind: 'string' },
    previousStatus: { sql: 's.previous_status', kind: 'string' },
    messageCode: { sql: 's.message_code', kind: 'string' },
    messageBody: { sql: 's.message_body', kind: 'string', filter: false },
    statusChangedAt: { sql: 's.status_changed_at', kind: 'timestamp', filter: false },
    createdAt: { sql: 's.created_at', kind: 'timestamp' },
    updatedAt: { sql: 's.updated_at', kind: 'timestamp' },
  },
  selectable: [
    'name', 'value', 'status', 'previousStatus', 'statusChangedAt', 'messageCode', 'messageBody', 'relatedLinks',
    'createdAt', 'updatedAt', 'provider', 'user', 'aspect', 'aspectId', 'subjectId',
  ],
  defaultSort: ['name'],
  idSql: ['s.subject_id', 's.aspect_id'],
};
