import { InvalidAspectStatusRangeError, ValidationError } from '../../common/errors/api-errors';
import type { ValueType } from '../dto/aspect-body.dto';

export type Range = [number, number] | null;
export const RANGE_KEYS = ['criticalRange', 'warningRange', 'infoRange', 'okRange'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];
export type Ranges = Record<RangeKey, Range>;

const MESSAGES = {
  BOOLEAN: 'Value type: BOOLEAN can only have ranges: [0,0] or [1,1]',
  NUMERIC: `Value type: NUMERIC can only have ranges with min value: ${Number.MIN_SAFE_INTEGER}, max value: ${Number.MAX_SAFE_INTEGER}`,
  PERCENT: 'Value type: PERCENT can only have ranges with min value: 0, max value: 100',
};

function malformed(key: string, message: string, value: unknown): ValidationError {
  return new ValidationError({ message, description: message, source: key, value: JSON.stringify(value) ?? '' });
}

function invalidForType(type: ValueType): ValidationError {
  return new InvalidAspectStatusRangeError({ message: MESSAGES[type], description: MESSAGES[type], source: 'Aspect' });
}

/** A range from a body: null/undefined → null; else exactly two finite numbers, min ≤ max. */
export function parseRange(key: string, value: unknown): Range {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw malformed(key, 'A non-null range must include two elements', value);
  }
  const [min, max] = value as [number, number];
  if (max < min) throw malformed(key, 'The second element in the range must be greater than or equal to the first element', value);
  return [min, max];
}

/** Checks the ranges against the value type (REFOCUS-REFERENCE.md §4.4); 400 InvalidAspectStatusRange when they do not fit. */
export function assertRangesFit(type: ValueType, ranges: Ranges): void {
  const set = RANGE_KEYS.map((k) => ranges[k]).filter((r): r is [number, number] => r !== null);
  switch (type) {
    case 'BOOLEAN': {
      const ok = set.every(([a, b]) => a === b && (a === 0 || a === 1));
      const distinct = new Set(set.map(([a]) => a)).size === set.length;
      if (!ok || set.length > 2 || !distinct) throw invalidForType(type);
      return;
    }
    case 'NUMERIC':
      if (set.some(([a, b]) => a < Number.MIN_SAFE_INTEGER || b > Number.MAX_SAFE_INTEGER)) throw invalidForType(type);
      return;
    case 'PERCENT':
      if (set.some(([a, b]) => a < 0 || b > 100)) throw invalidForType(type);
      return;
  }
}

export function sameRanges(a: Ranges, b: Ranges): boolean {
  return RANGE_KEYS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
