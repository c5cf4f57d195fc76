import { ApiError } from '../../common/errors/api-errors';
import { assertRangesFit, parseRange, Ranges } from './ranges';

const none: Ranges = { criticalRange: null, warningRange: null, infoRange: null, okRange: null };

function typeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as ApiError).items[0].type;
  }
  return 'ok';
}

describe('aspect ranges', () => {
  it('parses null or [min,max]; rejects the malformed', () => {
    expect(parseRange('okRange', null)).toBeNull();
    expect(parseRange('okRange', [1, 2])).toEqual([1, 2]);
    for (const bad of [[1], [1, 2, 3], 'x', [[1], 2], ['1', 2], [Infinity, 1], [2, 1]]) {
      expect(typeOf(() => parseRange('okRange', bad))).toBe('ValidationError');
    }
  });

  it('BOOLEAN: only [0,0] and [1,1], at most two, not the same twice', () => {
    expect(typeOf(() => assertRangesFit('BOOLEAN', { ...none, okRange: [0, 0], criticalRange: [1, 1] }))).toBe('ok');
    expect(typeOf(() => assertRangesFit('BOOLEAN', { ...none, okRange: [0, 1] }))).toBe('InvalidAspectStatusRange');
    expect(typeOf(() => assertRangesFit('BOOLEAN', { ...none, okRange: [0, 0], infoRange: [0, 0] }))).toBe('InvalidAspectStatusRange');
    expect(typeOf(() => assertRangesFit('BOOLEAN', { okRange: [0, 0], infoRange: [1, 1], warningRange: [1, 1], criticalRange: null }))).toBe(
      'InvalidAspectStatusRange',
    );
  });

  it('NUMERIC within safe integers; PERCENT within 0..100', () => {
    expect(typeOf(() => assertRangesFit('NUMERIC', { ...none, okRange: [-9007199254740991, 9007199254740991] }))).toBe('ok');
    expect(typeOf(() => assertRangesFit('NUMERIC', { ...none, okRange: [-9007199254740992, 0] }))).toBe('InvalidAspectStatusRange');
    expect(typeOf(() => assertRangesFit('PERCENT', { ...none, okRange: [0, 100] }))).toBe('ok');
    expect(typeOf(() => assertRangesFit('PERCENT', { ...none, okRange: [0, 100.5] }))).toBe('InvalidAspectStatusRange');
  });
});
