import { durationSeconds, UNIT_SECONDS, type DurationSyntax } from '../../common/duration';
import { SchemaValidationError } from '../../common/errors/api-errors';
import { queryValue, type ListSpec } from '../../common/list-query';
import type { HierarchyFilter, HierarchyFilters } from '../../subjects/hierarchy';
import { type HistoryScope, scopeParam } from '../history.repository';

function listCondition(scope: HistoryScope, f: HierarchyFilter | undefined, sql: (p: string) => string): void {
  if (!f) return;
  const cond = sql(`CAST(${scopeParam(scope, [...f.values])} AS text[])`);
  scope.conditions.push(f.include ? cond : `NOT ${cond}`);
}

/**
 * The hierarchy's filters (parsed by its own parser) as SQL on history rows: `aspect` on the
 * aspect's name, `status` on the status changed to, `aspectTags` / `subjectTags` on any tag
 * (ignoring case, as the hierarchy compares them); `-x` lists exclude. `status` is left out
 * for time-in-status figures.
 */
export function addHierarchyFilters(scope: HistoryScope, f: HierarchyFilters, withStatus = true): void {
  listCondition(scope, f.aspect, (p) => `(lower(a.name) = ANY(${p}))`);
  if (withStatus) listCondition(scope, f.status, (p) => `(lower(h.to_status) = ANY(${p}))`);
  listCondition(scope, f.aspectTags, (p) => `(EXISTS (SELECT 1 FROM unnest(a.tags) tg WHERE lower(tg) = ANY(${p})))`);
  listCondition(scope, f.subjectTags, (p) => `(EXISTS (SELECT 1 FROM unnest(sub.tags) tg WHERE lower(tg) = ANY(${p})))`);
}

/** Paging and `?fields=` / `?sort=` of history lists (filters are the hierarchy's, handled above). */
export const HISTORY_LIST_SPEC: ListSpec = {
  source: 'StatusChange',
  columns: {
    at: { sql: 'h.at', kind: 'timestamp', filter: false },
    name: { sql: `lower(sub.absolute_path || '|' || a.name)`, kind: 'string', filter: false },
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
