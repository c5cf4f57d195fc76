import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at OWASP parameters or stronger, and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(Number(/m=(\d+)/.exec(hash)![1])).toBeGreaterThanOrEqual(19456);
    expect(Number(/t=(\d+)/.exec(hash)![1])).toBeGreaterThanOrEqual(2);
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'wrong horse')).toBe(false);
  });

  it('runs a real argon2 verify for an unknown user (no hash), and says no', async () => {
    const spy = jest.spyOn(hasher, 'argon2Verify');
    try {
      expect(await hasher.verify(undefined, 'anything')).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0][0])).toMatch(/^\$argon2id\$/);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers false (not an exception) for a malformed stored hash', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
  });
});
