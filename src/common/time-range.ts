import { SchemaValidationError, ValidationError } from './errors/api-errors';
import { queryValue } from './list-query';

/** `?from=` / `?to=` of a time-ranged list: ISO 8601 dates (or epoch milliseconds), both optional. */
export interface TimeRange {
  from: Date | null;
  to: Date | null;
}

function parseInstant(name: string, raw: unknown): Date | null {
  if (raw === undefined) return null;
  const v = queryValue(name, raw).trim();
  const d = /^\d{1,15}$/.test(v) ? new Date(Number(v)) : new Date(v);
  if (!v || Number.isNaN(d.getTime()) || (!/^\d/.test(v))) {
    throw new SchemaValidationError({
      message: `Request validation failed: Parameter (${name}) is not a valid date: ${v}`,
      source: name,
      value: v,
      description: 'an ISO 8601 date such as 2026-11-30T14:00:00Z, or epoch milliseconds',
    });
  }
  return d;
}

/** Parses `from` and `to`; `from` after `to` → 400. */
export function parseTimeRange(query: Record<string, unknown>): TimeRange {
  const from = parseInstant('from', query.from);
  const to = parseInstant('to', query.to);
  if (from && to && from > to) {
    throw new ValidationError({ message: 'from must not be after to', source: 'from', value: String(query.from) });
  }
  return { from, to };
}

/** No bounds: every time. */
export const ALL_TIME: TimeRange = { from: null, to: null };
