import { parseSampleName } from './sample-name';

describe('parseSampleName', () => {
  it('splits subject path and aspect name at the one bar', () => {
    expect(parseSampleName('root.child|cpu')).toEqual({ subjectPath: 'root.child', aspectName: 'cpu' });
    expect(parseSampleName('A_b%c|D_e')).toEqual({ subjectPath: 'A_b%c', aspectName: 'D_e' });
  });

  it('refuses names without exactly one bar', () => {
    for (const name of ['root.child', 'a|b|c', '||', 'a||b']) expect(parseSampleName(name)).toBeNull();
  });

  it('refuses an empty half', () => {
    for (const name of ['|cpu', 'root|', '|', '']) expect(parseSampleName(name)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const name of [undefined, null, 1, ['a|b'], { name: 'a|b' }]) expect(parseSampleName(name)).toBeNull();
  });
});
