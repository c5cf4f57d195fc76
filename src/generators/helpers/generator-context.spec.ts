import { AtRestCipher } from '../../collectors/collector-cipher';
import { maskedContext, SECRET_MASK, splitContext } from './generator-context';

const cipher = new AtRestCipher('s'.repeat(40));
const def = {
  region: { description: 'r', required: true },
  size: { description: 's', default: 3 },
  token: { description: 't', required: true, encrypted: true },
};

describe('splitContext', () => {
  it('keeps clear values in clear and seals encrypted ones', () => {
    const out = splitContext({ region: 'east', token: 'p@ss' }, def, {}, cipher);
    expect(out.context).toEqual({ region: 'east' });
    expect(Object.keys(out.secretContext)).toEqual(['token']);
    expect(JSON.stringify(out)).not.toContain('p@ss');
    expect(cipher.open(out.secretContext.token)).toBe('p@ss');
  });

  it('refuses keys not in the definition and missing required keys', () => {
    expect(() => splitContext({ region: 'e', token: 't', nope: 1 }, def, {}, cipher)).toThrow(/not in the template/);
    expect(() => splitContext({ region: 'e' }, def, {}, cipher)).toThrow(/Required context key\(s\) missing: token/);
  });

  it('keeps a stored secret sent back masked, and masks it on read', () => {
    const first = splitContext({ region: 'e', token: 'p@ss' }, def, {}, cipher);
    const again = splitContext({ region: 'w', token: SECRET_MASK }, def, first.secretContext, cipher);
    expect(again.secretContext.token).toBe(first.secretContext.token);
    expect(maskedContext(again.context, again.secretContext)).toEqual({ region: 'w', token: SECRET_MASK });
  });
});
