import { SlidingWindowLimiter } from './rate-limiter';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits per window, then says how long to wait', () => {
    const l = new SlidingWindowLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('k', t0 + i)).toBe(0);
      l.hit('k', t0 + i);
    }
    expect(l.retryAfter('k', t0 + 10)).toBe(60);
    expect(l.retryAfter('other', t0 + 10)).toBe(0);
    expect(l.retryAfter('k', t0 + 30_000)).toBe(30);
    expect(l.retryAfter('k', t0 + 60_001)).toBe(0);
  });

  it('forgets a key on clear and everything on reset', () => {
    const l = new SlidingWindowLimiter(1, 1000);
    l.hit('a', 0);
    l.hit('b', 0);
    l.clear('a');
    expect(l.retryAfter('a', 1)).toBe(0);
    expect(l.retryAfter('b', 1)).toBe(1);
    l.reset();
    expect(l.retryAfter('b', 1)).toBe(0);
  });
});
