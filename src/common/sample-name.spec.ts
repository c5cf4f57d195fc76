import { parseSampleName, SAMPLE_NAME_MAX_LENGTH, sampleName } from './sample-name';

describe('parseSampleName', () => {
  it('splits a subject path and an aspect name at the one bar, keeping the case', () => {
    expect(parseSampleName('Root.Child|CPU')).toEqual({ subjectPath: 'Root.Child', aspectName: 'CPU' });
    expect(parseSampleName('root.child|cpu')).toEqual({ subjectPath: 'root.child', aspectName: 'cpu' });
    expect(parseSampleName('a|b')).toEqual({ subjectPath: 'a', aspectName: 'b' });
    expect(parseSampleName('a_b-c.d|x_y-z')).toEqual({ subjectPath: 'a_b-c.d', aspectName: 'x_y-z' });
  });

  it('refuses names without exactly one bar', () => {
    for (const name of ['noBar', 'root.child', 'a|b|c', '||', 'a||b']) expect(parseSampleName(name)).toBeNull();
  });

  it('refuses an empty half', () => {
    for (const name of ['|cpu', '|b', 'root|', 'a|', '|', '']) expect(parseSampleName(name)).toBeNull();
  });

  it.each([
    'a b|c',
    'a|b c',
    'a.|b',
    '.a|b',
    'a..b|c',
    'a|b.c',
    `a|${'x'.repeat(61)}`,
    `${'x'.repeat(61)}|a`,
    'a%|b',
    'a*|b',
    // Characters outside [0-9A-Za-z_-] (a LIKE wildcard here) are not a name.
    'A_b%c|D_e',
  ])('rejects the malformed half in %p', (name) => expect(parseSampleName(name)).toBeNull());

  it('accepts the longest name and refuses a longer one', () => {
    const path = Array.from({ length: 69 }, () => 'x'.repeat(59)).join('.').slice(0, 4096).replace(/\.$/, 'x');
    const longest = `${path}|${'y'.repeat(60)}`;
    expect(longest.length).toBe(SAMPLE_NAME_MAX_LENGTH);
    expect(parseSampleName(longest)).toEqual({ subjectPath: path, aspectName: 'y'.repeat(60) });
    expect(parseSampleName(`x.${longest}`)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const name of [undefined, null, 1, 42, {}, ['a|b'], { name: 'a|b' }]) expect(parseSampleName(name)).toBeNull();
  });

  it('round-trips with sampleName', () => {
    expect(sampleName('A.B', 'c')).toBe('A.B|c');
    expect(parseSampleName(sampleName('A.B', 'c'))).toEqual({ subjectPath: 'A.B', aspectName: 'c' });
  });
});
