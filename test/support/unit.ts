import type { AuthenticatedUser } from '../../src/auth/caller';
import { ApiError } from '../../src/common/errors/api-errors';
import type { FeedPublisher } from '../../src/realtime/feed/feed-publisher';
import { httpStatusOf } from '../../src/common/errors/api-exception.filter';

/** Helpers of service-level unit tests (src/**\/*.spec.ts): no app, no database. */

/** A caller as the token guard would attach it (an admin unless told otherwise). */
export function testCaller(id: string, name: string, isAdmin = true): AuthenticatedUser {
  return { id, name, email: `${name}@example.com`, profileName: isAdmin ? 'Admin' : 'RefocusUser', isAdmin, tokenId: '', tokenKind: 'user', tokenBoundId: null };
}

/** A FeedPublisher that runs the tracked work and publishes nothing. */
export function passThroughFeed(): FeedPublisher {
  const feed = { track: <T>(_scope: unknown, work: () => Promise<T>) => work(), published: () => Promise.resolve() };
  return feed as unknown as FeedPublisher;
}

/** The HTTP status and error type a rejected service call would answer with (fails if it resolves or throws something else). */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; type: string }> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return { status: httpStatusOf(e), type: e.items[0].type };
}
