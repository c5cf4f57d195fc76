import type { TokenCredentials } from '../tokens/tokens.repository';
import { CredentialsChanges } from '../common/credentials-changes';
import { CredentialsCache } from './credentials-cache';

function credentials(userName: string): TokenCredentials {
  return {
    tokenId: 't1',
    kind: 'user',
    boundId: null,
    isRevoked: '0',
    expiresAt: null,
    lastUsed: null,
    userId: 'u1',
    userName,
    email: 'e@example.com',
    profileName: 'RefocusUser',
  };
}

/** A loader that counts its calls and answers what `row` holds at call time. */
function loader(row: { value: TokenCredentials | null }) {
  const calls = { n: 0 };
  const load = async () => {
    calls.n++;
    return row.value;
  };
  return { calls, load };
}

describe('CredentialsCache (embedded: no listener, cleared by the process itself)', () => {
  const cache = () => new CredentialsCache({ url: 'postgres://unused', embedded: true }, new CredentialsChanges());

  it('loads a digest once, then answers from memory', async () => {
    const c = cache();
    const { calls, load } = loader({ value: credentials('alice') });
    expect((await c.get('d1', load))?.userName).toBe('alice');
    expect((await c.get('d1', load))?.userName).toBe('alice');
    expect(calls.n).toBe(1);
    await c.get('d2', load);
    expect(calls.n).toBe(2);
  });

  it('reads again after clear()', async () => {
    const c = cache();
    const row = { value: credentials('alice') as TokenCredentials | null };
    const { calls, load } = loader(row);
    await c.get('d1', load);
    row.value = credentials('alicia');
    c.clear();
    expect((await c.get('d1', load))?.userName).toBe('alicia');
    expect(calls.n).toBe(2);
  });

  it('never remembers a digest that matched nothing', async () => {
    const c = cache();
    const row = { value: null as TokenCredentials | null };
    const { calls, load } = loader(row);
    expect(await c.get('d1', load)).toBeNull();
    row.value = credentials('late');
    expect((await c.get('d1', load))?.userName).toBe('late');
    expect(calls.n).toBe(2);
  });

  it('clears once an announced change has finished, and also when it failed', async () => {
    const changes = new CredentialsChanges();
    const c = new CredentialsCache({ url: 'postgres://unused', embedded: true }, changes);
    const { calls, load } = loader({ value: credentials('alice') });
    await c.get('d1', load);
    let cachedDuringChange = false;
    await changes.after(async () => {
      cachedDuringChange = c.peek('d1') !== undefined;
    });
    expect(cachedDuringChange).toBe(true);
    expect(c.peek('d1')).toBeUndefined();
    await c.get('d1', load);
    await expect(changes.after(() => Promise.reject(new Error('unique violation')))).rejects.toThrow('unique violation');
    expect(c.peek('d1')).toBeUndefined();
    expect(calls.n).toBe(2);
  });

  it('does not store what a lookup read before a clear() that happened while it was in flight', async () => {
    const c = cache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = c.get('d1', async () => {
      await gate;
      return credentials('before-the-change');
    });
    c.clear();
    release();
    expect((await stale)?.userName).toBe('before-the-change');
    const fresh = loader({ value: credentials('after-the-change') });
    expect((await c.get('d1', fresh.load))?.userName).toBe('after-the-change');
    expect(fresh.calls.n).toBe(1);
  });
});

describe('CredentialsCache (server: trusts memory only while its listener is up)', () => {
  it('caches nothing before the LISTEN connection is up', async () => {
    // Port 1 refuses at once: the listener never comes up, so every lookup goes to the loader.
    const c = new CredentialsCache({ url: 'postgres://postgres@127.0.0.1:1/none', embedded: false }, new CredentialsChanges());
    c.onModuleInit();
    try {
      const { calls, load } = loader({ value: credentials('alice') });
      await c.get('d1', load);
      await c.get('d1', load);
      expect(c.active).toBe(false);
      expect(calls.n).toBe(2);
    } finally {
      await c.onApplicationShutdown();
    }
  });
});
