import type { AuthenticatedUser } from '../auth/caller';
import { refusal, testCaller } from '../../test/support/unit';
import type { SharedRateLimiter } from '../auth/rate-limiter';
import type { ServerKey } from '../auth/server-key';
import type { AuditLog } from '../audit/audit-log.service';
import type { ListPage } from '../common/pagination';
import type { UsersRepository } from '../users/users.repository';
import type { ListTokensQuery } from './dto/list-tokens.query';
import type { Token } from './token.entity';
import type { TokenRecord } from './token.presenter';
import type { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

/** Who sees which token: TokensService over in-memory users and tokens (no database). */

const person = (id: string, name: string, isAdmin = false) => testCaller(id, name, isAdmin);
const ann = person('00000000-0000-4000-8000-00000000000a', 'ann');
const bob = person('00000000-0000-4000-8000-00000000000b', 'bob');
const admin = person('00000000-0000-4000-8000-0000000000ad', 'admin', true);
const people = [ann, bob, admin];

function setup() {
  const tokens: Token[] = [];
  const add = (owner: AuthenticatedUser, name: string, isRevoked = '0'): Token => {
    const t = {
      id: `00000000-0000-4000-9000-${String(tokens.length + 1).padStart(12, '0')}`,
      name,
      kind: 'user',
      boundId: null,
      userId: owner.id,
      user: { id: owner.id, name: owner.name, email: owner.email },
      isRevoked,
      lastUsed: null,
      expiresAt: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    } as unknown as Token;
    tokens.push(t);
    return t;
  };
  const byName = (userId: string, name: string) => tokens.find((t) => t.userId === userId && t.name.toLowerCase() === name.toLowerCase()) ?? null;
  const repo = {
    findByKey: (key: string, nameOwnerId: string) => Promise.resolve(tokens.find((t) => t.id === key) ?? byName(nameOwnerId, key)),
    findByName: (userId: string, name: string) => Promise.resolve(byName(userId, name)),
    list: (userId: string | undefined) => {
      const rows = tokens.filter((t) => userId === undefined || t.userId === userId);
      return Promise.resolve([rows, rows.length]);
    },
    setRevoked: (id: string, isRevoked: string) => {
      const t = tokens.find((x) => x.id === id)!;
      t.isRevoked = isRevoked;
      return Promise.resolve(t);
    },
    remove: jest.fn().mockResolvedValue(undefined),
  };
  const users = {
    findByKey: (key: string) => Promise.resolve(people.find((p) => p.id === key || p.name === key.toLowerCase()) ?? null),
  };
  const audit = { token: jest.fn().mockResolvedValue(undefined), record: jest.fn().mockResolvedValue(undefined) };
  const limiter = { rule: () => ({ retryAfter: () => Promise.resolve(0), hit: () => Promise.resolve() }) };
  const service = new TokensService(
    repo as unknown as TokensRepository,
    users as unknown as UsersRepository,
    {} as ServerKey,
    audit as unknown as AuditLog,
    limiter as unknown as SharedRateLimiter,
  );
  return { service, add, repo, audit };
}

const status = async (p: Promise<unknown>) => (await refusal(p)).status;

const names = (page: ListPage<TokenRecord>) => page.items.map((t) => `${t.user.name}/${t.name}`).sort();

describe('TokensService visibility', () => {
  it('shows a token to its owner and to admins; anyone else gets 404, by id or name', async () => {
    const { service, add } = setup();
    const t = add(ann, 'laptop');
    expect((await service.get(ann, t.id)).name).toBe('laptop');
    expect((await service.get(ann, 'LAPTOP')).id).toBe(t.id);
    expect((await service.get(admin, t.id)).name).toBe('laptop');
    expect(await status(service.get(bob, t.id))).toBe(404);
    expect(await status(service.get(bob, 'laptop'))).toBe(404);
    expect(await status(service.revoke(bob, t.id))).toBe(404);
    expect(await status(service.remove(bob, t.id))).toBe(404);
  });

  it("hides another user's tokens under /v1/users/{user}/tokens unless admin", async () => {
    const { service, add } = setup();
    add(ann, 'laptop');
    expect(await status(service.listOfUser(bob, 'ann', {}))).toBe(404);
    expect(await status(service.getOfUser(bob, 'ann', 'laptop'))).toBe(404);
    expect(names(await service.listOfUser(admin, 'ann', {}))).toEqual(['ann/laptop']);
    expect(names(await service.listOfUser(ann, 'ANN', {}))).toEqual(['ann/laptop']);
  });

  it('lists the caller’s own tokens; admins see all, or one user’s with ?user=', async () => {
    const { service, add } = setup();
    add(ann, 'a1');
    add(bob, 'b1');
    add(admin, 'x1');
    expect(names(await service.list(ann, {}))).toEqual(['ann/a1']);
    expect(names(await service.list(ann, { user: 'bob' } as ListTokensQuery))).toEqual([]);
    expect(names(await service.list(ann, { user: 'ann' } as ListTokensQuery))).toEqual(['ann/a1']);
    expect(names(await service.list(admin, {}))).toEqual(['admin/x1', 'ann/a1', 'bob/b1']);
    expect(names(await service.list(admin, { user: 'bob' } as ListTokensQuery))).toEqual(['bob/b1']);
    const none = await service.list(admin, { user: 'nobody' } as ListTokensQuery);
    expect([none.items, none.total]).toEqual([[], 0]);
  });
});

describe('TokensService revoke and restore', () => {
  it('revokes once; revoking again is a 400', async () => {
    const { service, add, audit } = setup();
    const t = add(ann, 'laptop');
    expect((await service.revoke(ann, t.id)).isRevoked).not.toBe('0');
    expect(await status(service.revoke(ann, t.id))).toBe(400);
    expect(audit.token).toHaveBeenCalledTimes(1);
  });

  it('lets only an admin restore (owner → 403), and only a revoked token (else 400)', async () => {
    const { service, add } = setup();
    const t = add(ann, 'laptop', '1700000000000');
    expect(await status(service.restore(ann, t.id))).toBe(403);
    expect(await status(service.restoreOfUser(ann, 'ann', 'laptop'))).toBe(403);
    expect(t.isRevoked).toBe('1700000000000');
    expect((await service.restore(admin, t.id)).isRevoked).toBe('0');
    expect(await status(service.restore(admin, t.id))).toBe(400);
  });
});
