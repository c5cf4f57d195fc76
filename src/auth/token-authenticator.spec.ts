import type { TokenCredentials, TokensRepository } from '../tokens/tokens.repository';
import { CredentialsChanges } from '../common/credentials-changes';
import { CredentialsCache } from './credentials-cache';
import type { ServerKey } from './server-key';
import { TokenAuthenticator } from './token-authenticator';

const SECRET = 'rfk_abcdefghijklmnopqrstuvwxyz012345';

function credentials(over: Partial<TokenCredentials> = {}): TokenCredentials {
  return {
    tokenId: 't1',
    kind: 'user',
    boundId: null,
    isRevoked: '0',
    expiresAt: null,
    lastUsed: new Date(),
    userId: 'u1',
    userName: 'alice',
    email: 'alice@example.com',
    profileName: 'RefocusUser',
    ...over,
  };
}

/** An authenticator on an embedded-style cache holding `row` under the secret's digest, with counted digests and lastUsed writes. */
function setup(row: TokenCredentials) {
  const counts = { digests: 0, touches: 0 };
  const key = {
    tokenDigest: (secret: string) => {
      counts.digests++;
      return `digest:${secret}`;
    },
  } as unknown as ServerKey;
  const tokens = {
    touchLastUsed: async () => {
      counts.touches++;
    },
  } as unknown as TokensRepository;
  const cache = new CredentialsCache({ url: 'postgres://unused', embedded: true }, new CredentialsChanges());
  const auth = new TokenAuthenticator(tokens, key, cache);
  return { auth, cache, counts, fill: () => cache.get(`digest:${SECRET}`, async () => row) };
}

describe('TokenAuthenticator.fromCache', () => {
  it('answers a cached, recently used token synchronously, its digest computed once', async () => {
    const { auth, counts, fill } = setup(credentials());
    await fill();
    const first = auth.fromCache(`Bearer ${SECRET}`);
    expect(first).not.toBeInstanceOf(Promise);
    expect(first).toMatchObject({ id: 'u1', name: 'alice', tokenId: 't1', isAdmin: false });
    expect(auth.fromCache(SECRET)).toMatchObject({ id: 'u1' });
    expect(counts.digests).toBe(1);
    expect(counts.touches).toBe(0);
  });

  it('writes lastUsed before answering when it is due, then not again within the minute', async () => {
    const { auth, counts, fill } = setup(credentials({ lastUsed: null }));
    await fill();
    const first = auth.fromCache(SECRET);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ id: 'u1' });
    expect(counts.touches).toBe(1);
    expect(auth.fromCache(SECRET)).toMatchObject({ id: 'u1' });
    expect(counts.touches).toBe(1);
  });

  it('refuses revoked and expired tokens and malformed headers (null), and leaves unknown ones to passport (undefined)', async () => {
    const revoked = setup(credentials({ isRevoked: '1' }));
    await revoked.fill();
    expect(revoked.auth.fromCache(SECRET)).toBeNull();
    const expired = setup(credentials({ expiresAt: new Date(Date.now() - 1000) }));
    await expired.fill();
    expect(expired.auth.fromCache(SECRET)).toBeNull();
    expect(expired.auth.fromCache('Bearer not-a-token')).toBeNull();
    expect(expired.auth.fromCache(undefined)).toBeNull();
    expect(setup(credentials()).auth.fromCache(SECRET)).toBeUndefined();
  });
});
