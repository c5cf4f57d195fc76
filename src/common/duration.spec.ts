import { durationSeconds, TIMEOUT_SYNTAX } from './duration';

describe('durationSeconds', () => {
  it.each([
    ['5m', 300],
    ['5M', 300],
    ['110s', 110],
    ['1h', 3600],
    ['2d', 172800],
    ['0s', 0],
  ])('timeout %s → %d', (t, s) => expect(durationSeconds(t, TIMEOUT_SYNTAX)).toBe(s));

  it.each(['', '5', 'm', '5w', '-5m', '5 m', '1.5h', '５m'])('timeout %p → null', (t) => expect(durationSeconds(t, TIMEOUT_SYNTAX)).toBeNull());

  it('keeps the case and digit limits of a syntax', () => {
    const window = { units: ['d', 'w'], maxDigits: 2 } as const;
    expect(durationSeconds('2w', window)).toBe(1_209_600);
    expect(durationSeconds('2W', window)).toBeNull();
    expect(durationSeconds('100d', window)).toBeNull();
    expect(durationSeconds('2h', window)).toBeNull();
  });
});
