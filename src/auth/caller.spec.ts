import { parseOverride } from './caller';

describe('parseOverride', () => {
  it('recognises override=admin only', () => {
    expect(parseOverride({ override: 'admin' })).toBe(true);
    expect(parseOverride({ override: ['x', 'admin'] })).toBe(true);
    expect(parseOverride({ override: 'Admin' })).toBe(false);
    expect(parseOverride({ override: 'true' })).toBe(false);
    expect(parseOverride({ override: '' })).toBe(false);
    expect(parseOverride({})).toBe(false);
    expect(parseOverride(undefined)).toBe(false);
    expect(parseOverride('override=admin')).toBe(false);
  });
});
