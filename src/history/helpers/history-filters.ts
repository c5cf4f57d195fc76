import { durationSeconds, UNIT_SECONDS, type DurationSyntax } from '../../common/duration';
import { SchemaValidationError } from '../../common/errors/api-errors';
import { queryValue, type ListSpec } from '../../common/list-query';
import { sampleNameOf } from '../../database/key-sql';

/** Paging and `?fields=` / `?sort=` of history lists (filters are the hierarchy's, handled above). */
export const HISTORY_LIST_SPEC: ListSpec = {
  source: 'StatusChange',
  columns: {
    at: { sql: 'h.at', kind: 'timestamp', filter: false },
    name: { sql: `lower${sampleNameOf('sub', 'a')}`, kind: 'string', filter: false },
    toStatus: { sql: 'h.to_status', kind: 'string', filter: false },
  },
  selectable: ['name', 'subjectId', 'aspectId', 'fromStatus', 'toStatus', 'value', 'messageCode', 'at'],
  defaultSort: [],
  idSql: 'h.subject_id, h.aspect_id', // with h.at: the table's key
  defaultOrder: [
    { sql: 'h.at', direction: 'DESC' },
    { sql: 'h.subject_id', direction: 'ASC' },
    { sql: 'h.aspect_id', direction: 'ASC' },
  ],
};

const WINDOW_SYNTAX: DurationSyntax = { units: ['s', 'm', 'h', 'd', 'w'], maxDigits: 6 };
/** Longest availability window: a year. */
const MAX_WINDOW_SECONDS = 366 * UNIT_SECONDS.d;

/** `?window=` of availability: `<n><s|m|h|d|w>` (default 7d, at most 366d) → seconds. */
export function parseWindow(raw: unknown): { text: string; seconds: number } {
  if (raw === undefined) return { text: '7d', seconds: 7 * UNIT_SECONDS.d };
  const text = queryValue('window', raw).trim();
  const seconds = durationSeconds(text, WINDOW_SYNTAX) ?? 0;
  if (seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
    throw new SchemaValidationError({
      message: `Request validation failed: Parameter (window) must be a duration like 7d (s, m, h, d or w; at most 366d): ${text}`,
      source: 'window',
      value: text,
    });
  }
  return { text, seconds };
}
