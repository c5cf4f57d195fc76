import fc from 'fast-check';
import { computeStatus, nextState, SAMPLE_STATUSES, SampleStatus, StatusRanges, statusChanges } from './status';

describe('computeStatus', () => {
  const numeric: StatusRanges = { okRange: [-45, 70], criticalRange: [70, 900] };

  it.each([
    [undefined, 'Invalid'],
    [null, 'Invalid'],
    [5, 'Invalid'],
    ['', 'Invalid'],
    ['abc', 'Invalid'],
    ['Timeout', 'Timeout'],
    ['timeout', 'Invalid'],
    ['TIMEOUT', 'Invalid'],
  ])('value %p → %s', (value, expected) => {
    expect(computeStatus(value, numeric)).toBe(expected);
  });

  it('gives overlapping or touching ranges to the higher precedence status', () => {
    expect(computeStatus('70', numeric)).toBe('Critical');
    expect(computeStatus('69.999', numeric)).toBe('OK');
    const all: StatusRanges = { criticalRange: [0, 10], warningRange: [0, 20], infoRange: [0, 30], okRange: [0, 40] };
    expect(computeStatus('5', all)).toBe('Critical');
    expect(computeStatus('15', all)).toBe('Warning');
    expect(computeStatus('25', all)).toBe('Info');
    expect(computeStatus('35', all)).toBe('OK');
    expect(computeStatus('45', all)).toBe('Invalid');
  });

  it('treats ranges as inclusive at both ends', () => {
    const r: StatusRanges = { warningRange: [2, 3] };
    expect(computeStatus('2', r)).toBe('Warning');
    expect(computeStatus('3', r)).toBe('Warning');
    expect(computeStatus('1.9999', r)).toBe('Invalid');
    expect(computeStatus('3.0001', r)).toBe('Invalid');
  });

  it('follows JavaScript Number() parsing', () => {
    const r: StatusRanges = { okRange: [0, 0], infoRange: [5, 5], warningRange: [16, 16], criticalRange: [100, 100] };
    expect(computeStatus(' 5 ', r)).toBe('Info');
    expect(computeStatus('1e2', r)).toBe('Critical');
    expect(computeStatus('0x10', r)).toBe('Warning');
    expect(computeStatus('   ', r)).toBe('OK'); // whitespace-only → 0
    expect(computeStatus('5px', r)).toBe('Invalid');
    expect(computeStatus('Infinity', r)).toBe('Invalid');
    expect(computeStatus('NaN', r)).toBe('Invalid');
  });

  it('reads true/false in any case as 1/0', () => {
    const bool: StatusRanges = { okRange: [0, 0], criticalRange: [1, 1] };
    for (const t of ['true', 'TRUE', 'True', 'tRuE']) expect(computeStatus(t, bool)).toBe('Critical');
    for (const f of ['false', 'FALSE', 'False']) expect(computeStatus(f, bool)).toBe('OK');
    expect(computeStatus(' true', bool)).toBe('Invalid');
    expect(computeStatus('1', bool)).toBe('Critical');
    expect(computeStatus('0', bool)).toBe('OK');
  });

  it('is Invalid when no ranges are defined or ranges are malformed', () => {
    expect(computeStatus('1', {})).toBe('Invalid');
    expect(computeStatus('1', null)).toBe('Invalid');
    expect(computeStatus('1', { okRange: null, criticalRange: undefined })).toBe('Invalid');
    expect(computeStatus('1', { okRange: [1] })).toBe('Invalid');
    expect(computeStatus('Timeout', {})).toBe('Timeout');
  });

  it('agrees with a direct definition for any number and ranges', () => {
    const range = fc.option(
      fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 50 })).map(([a, w]) => [a, a + w]),
      { nil: null },
    );
    fc.assert(
      fc.property(fc.integer({ min: -200, max: 200 }), range, range, range, range, (n, c, w, i, o) => {
        const ranges: StatusRanges = { criticalRange: c, warningRange: w, infoRange: i, okRange: o };
        const hit = (r: number[] | null) => r !== null && n >= r[0] && n <= r[1];
        const expected: SampleStatus = hit(c) ? 'Critical' : hit(w) ? 'Warning' : hit(i) ? 'Info' : hit(o) ? 'OK' : 'Invalid';
        expect(computeStatus(String(n), ranges)).toBe(expected);
      }),
    );
  });
});

describe('nextState', () => {
  const then = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-02-01T00:00:00Z');

  it('starts a new sample at previousStatus Invalid, changed now', () => {
    expect(nextState(null, 'OK', now)).toEqual({ status: 'OK', previousStatus: 'Invalid', statusChangedAt: now });
    expect(nextState(undefined, 'Invalid', now)).toEqual({ status: 'Invalid', previousStatus: 'Invalid', statusChangedAt: now });
  });

  it('keeps previousStatus and statusChangedAt when the status stays', () => {
    const prev = { status: 'Warning', previousStatus: 'OK', statusChangedAt: then };
    expect(nextState(prev, 'Warning', now)).toEqual({ status: 'Warning', previousStatus: 'OK', statusChangedAt: then });
  });

  it('records the old status and the time when the status changes', () => {
    const prev = { status: 'Warning', previousStatus: 'OK', statusChangedAt: then };
    expect(nextState(prev, 'Critical', now)).toEqual({ status: 'Critical', previousStatus: 'Warning', statusChangedAt: now });
  });
});

describe('statusChanges', () => {
  const ranges: StatusRanges = { okRange: [0, 10], criticalRange: [11, 20] };

  it('returns only the samples whose computed status differs, with the old status as previous', () => {
    const samples = [
      { subjectId: 's1', value: '5', status: 'OK' },
      { subjectId: 's2', value: '15', status: 'OK' },
      { subjectId: 's3', value: '0b101', status: 'Invalid' },
      { subjectId: 's4', value: 'x', status: 'Invalid' },
      { subjectId: 's5', value: 'Timeout', status: 'OK' },
      { subjectId: 's6', value: null, status: 'Warning' },
    ];
    expect(statusChanges(samples, ranges)).toEqual([
      { subjectId: 's2', status: 'Critical', previousStatus: 'OK' },
      { subjectId: 's3', status: 'OK', previousStatus: 'Invalid' },
      { subjectId: 's5', status: 'Timeout', previousStatus: 'OK' },
      { subjectId: 's6', status: 'Invalid', previousStatus: 'Warning' },
    ]);
  });

  it('agrees with computeStatus for any value', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<string>(...SAMPLE_STATUSES), (value, status) => {
        const changes = statusChanges([{ subjectId: 's', value, status }], ranges);
        const computed = computeStatus(value, ranges);
        expect(changes).toEqual(computed === status ? [] : [{ subjectId: 's', status: computed, previousStatus: status }]);
      }),
    );
  });
});
