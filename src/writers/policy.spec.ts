import type { AuthenticatedUser } from '../auth/caller';
import {
  actsPersonally,
  canChangeOwner,
  canWrite,
  firstRefused,
  holdsTokenOf,
  isCallerKey,
  isRoomToken,
  isWriter,
  mayActInRoom,
  mayAdminister,
  mayManageToken,
  mayManageUser,
  mayReadEventJob,
  mayReadJob,
  maySpeakForBot,
  mayWrite,
  overrideRefused,
  writableIds,
} from './policy';

function user(id: string, isAdmin = false): AuthenticatedUser {
  return { id, name: `user-${id}`, email: `${id}@example.com`, profileName: isAdmin ? 'Admin' : 'RefocusUser', isAdmin, tokenId: `t-${id}`, tokenKind: 'user', tokenBoundId: null };
}

const alice = user('alice');
const bob = user('bob');
const admin = user('admin', true);

describe('canWrite', () => {
  it('lets anyone write a record without writers', () => {
    expect(canWrite(alice, [], false)).toBe(true);
    expect(canWrite(admin, [], false)).toBe(true);
  });

  it('lets a listed writer write', () => {
    expect(canWrite(alice, ['bob', 'alice'], false)).toBe(true);
  });

  it('refuses an unlisted user, with or without the override', () => {
    expect(canWrite(alice, ['bob'], false)).toBe(false);
    expect(canWrite(alice, ['bob'], true)).toBe(false);
  });

  it('refuses an unlisted admin without the override and allows them with it', () => {
    expect(canWrite(admin, ['bob'], false)).toBe(false);
    expect(canWrite(admin, ['bob'], true)).toBe(true);
  });

  it('matches by id, not by name', () => {
    expect(canWrite(alice, ['user-alice'], false)).toBe(false);
  });
});

describe('isWriter', () => {
  it('counts everyone as a writer of a record without writers', () => {
    expect(isWriter('alice', [])).toBe(true);
  });

  it('counts a listed user only', () => {
    expect(isWriter('alice', ['bob', 'alice'])).toBe(true);
    expect(isWriter('alice', ['bob'])).toBe(false);
  });
});

describe('writableIds (bulk upsert: aspect id → writer ids)', () => {
  const writers = new Map<string, string[]>([
    ['open', []],
    ['mine', ['alice']],
    ['theirs', ['bob']],
  ]);

  it('keeps the records the caller may write', () => {
    expect([...writableIds(alice, writers, false)].sort()).toEqual(['mine', 'open']);
    expect([...writableIds(bob, writers, false)].sort()).toEqual(['open', 'theirs']);
  });

  it('keeps every record for an admin with the override, and only theirs without it', () => {
    expect([...writableIds(admin, writers, true)].sort()).toEqual(['mine', 'open', 'theirs']);
    expect([...writableIds(admin, writers, false)]).toEqual(['open']);
  });
});

describe('firstRefused (subtree deletes: protected subjects with their writers)', () => {
  const subtree = [
    { name: 'a', writerIds: ['alice'] },
    { name: 'a.b', writerIds: ['bob'] },
    { name: 'a.c', writerIds: ['carol'] },
  ];

  it('names the first record, in the order given, the caller may not write', () => {
    expect(firstRefused(alice, subtree, false)?.name).toBe('a.b');
    expect(firstRefused(bob, subtree, false)?.name).toBe('a');
  });

  it('refuses nothing to a writer of each, or to an admin with the override', () => {
    expect(firstRefused(alice, subtree.slice(0, 1), false)).toBeUndefined();
    expect(firstRefused(admin, subtree, true)).toBeUndefined();
    expect(firstRefused(admin, subtree, false)?.name).toBe('a');
  });
});

describe('canChangeOwner', () => {
  it('lets the current owner change it', () => {
    expect(canChangeOwner(alice, 'alice', false)).toBe(true);
  });

  it('lets an admin change it only with the override', () => {
    expect(canChangeOwner(admin, 'alice', false)).toBe(false);
    expect(canChangeOwner(admin, 'alice', true)).toBe(true);
  });

  it('refuses a third user with or without the override', () => {
    expect(canChangeOwner(bob, 'alice', false)).toBe(false);
    expect(canChangeOwner(bob, 'alice', true)).toBe(false);
  });

  it('gives nobody but an admin with override a record without owner', () => {
    expect(canChangeOwner(alice, null, false)).toBe(false);
    expect(canChangeOwner(admin, undefined, true)).toBe(true);
  });
});

describe('mayWrite (override rule + canWrite)', () => {
  it('refuses the override from a non-admin even on an open record', () => {
    expect(overrideRefused(alice, true)).toBe(true);
    expect(mayWrite(alice, [], true)).toBe(false);
    expect(mayWrite(alice, ['alice'], true)).toBe(false);
  });

  it('accepts the override from an admin', () => {
    expect(overrideRefused(admin, true)).toBe(false);
    expect(mayWrite(admin, ['bob'], true)).toBe(true);
    expect(mayWrite(admin, [], true)).toBe(true);
  });

  it('is canWrite when no override is asked for', () => {
    for (const [caller, writers] of [
      [alice, []],
      [alice, ['alice']],
      [alice, ['bob']],
      [admin, ['bob']],
    ] as const) {
      expect(mayWrite(caller, writers, false)).toBe(canWrite(caller, writers, false));
    }
  });
});

describe('mayAdminister (admin-only operations)', () => {
  it('allows admins only', () => {
    expect(mayAdminister(admin)).toBe(true);
    expect(mayAdminister(alice)).toBe(false);
  });
});

describe('mayManageUser (edit or delete a user)', () => {
  it('allows the user themself and an admin, nobody else', () => {
    expect(mayManageUser(alice, 'alice')).toBe(true);
    expect(mayManageUser(admin, 'alice')).toBe(true);
    expect(mayManageUser(bob, 'alice')).toBe(false);
  });

  it('matches by id, not by name', () => {
    expect(mayManageUser(alice, 'user-alice')).toBe(false);
  });
});

describe('isCallerKey (a path key naming the caller)', () => {
  it('matches the caller by id or name in any case, nobody else', () => {
    expect(isCallerKey(alice, 'alice')).toBe(true);
    expect(isCallerKey(alice, 'USER-Alice')).toBe(true);
    expect(isCallerKey(alice, 'bob')).toBe(false);
    expect(isCallerKey(alice, 'user-bob')).toBe(false);
  });
});

describe('mayManageToken (see, revoke, delete a token)', () => {
  it('allows the owner and an admin, nobody else', () => {
    expect(mayManageToken(alice, { userId: 'alice' })).toBe(true);
    expect(mayManageToken(admin, { userId: 'alice' })).toBe(true);
    expect(mayManageToken(bob, { userId: 'alice' })).toBe(false);
  });
});

describe('mayReadJob (sample bulk upsert jobs)', () => {
  it('allows the creator and an admin, nobody else', () => {
    expect(mayReadJob(alice, { createdBy: 'alice' })).toBe(true);
    expect(mayReadJob(admin, { createdBy: 'alice' })).toBe(true);
    expect(mayReadJob(bob, { createdBy: 'alice' })).toBe(false);
  });

  it('gives a job whose creator is gone to admins only', () => {
    expect(mayReadJob(alice, { createdBy: null })).toBe(false);
    expect(mayReadJob(admin, { createdBy: null })).toBe(true);
  });
});

describe('mayReadEventJob (bulk events jobs)', () => {
  it('allows the sender only, not even an admin', () => {
    expect(mayReadEventJob(alice, { createdBy: 'alice' })).toBe(true);
    expect(mayReadEventJob(admin, { createdBy: 'alice' })).toBe(false);
    expect(mayReadEventJob(bob, { createdBy: 'alice' })).toBe(false);
    expect(mayReadEventJob(alice, { createdBy: null })).toBe(false);
  });
});

describe('token binding', () => {
  const via = (tokenKind: AuthenticatedUser['tokenKind'], tokenBoundId: string | null = null): AuthenticatedUser => ({ ...alice, tokenKind, tokenBoundId });
  const session = via('session');
  const userToken = via('user');
  const collector = via('collector', 'c1');
  const bot = via('bot', 'b1');
  const room = via('room', '7');
  const generator = via('generator', 'g1');

  it('actsPersonally: a user token or a session, no bound token', () => {
    expect([session, userToken].map(actsPersonally)).toEqual([true, true]);
    expect([collector, bot, room, generator].map(actsPersonally)).toEqual([false, false, false, false]);
  });

  it("holdsTokenOf: that kind's token bound to that very record", () => {
    expect(holdsTokenOf(collector, 'collector', 'c1')).toBe(true);
    expect(holdsTokenOf(collector, 'collector', 'c2')).toBe(false);
    expect(holdsTokenOf(bot, 'collector', 'b1')).toBe(false);
    expect(holdsTokenOf(room, 'room', 7)).toBe(true);
    expect(holdsTokenOf(userToken, 'collector', 'c1')).toBe(false);
    expect(holdsTokenOf({ ...admin, tokenKind: 'user' }, 'bot', 'b1')).toBe(false);
  });

  it('isRoomToken: room-view tokens only', () => {
    expect([room].map(isRoomToken)).toEqual([true]);
    expect([session, userToken, collector, bot, generator].some(isRoomToken)).toBe(false);
  });

  it('mayActInRoom: any credential but a room token; a room token in its own room only', () => {
    expect(mayActInRoom(userToken, 3)).toBe(true);
    expect(mayActInRoom(bot, null)).toBe(true);
    expect(mayActInRoom(room, 7)).toBe(true);
    expect(mayActInRoom(room, '7')).toBe(true);
    expect(mayActInRoom(room, 8)).toBe(false);
    expect(mayActInRoom(room, null)).toBe(false);
  });

  it('maySpeakForBot: not a room token; a bot token for its own bot only', () => {
    expect(maySpeakForBot(bot, 'b1')).toBe(true);
    expect(maySpeakForBot(bot, 'b2')).toBe(false);
    expect(maySpeakForBot(room, 'b1')).toBe(false);
    expect(maySpeakForBot(userToken, 'b1')).toBe(true);
    expect(maySpeakForBot(session, 'b2')).toBe(true);
  });
});
