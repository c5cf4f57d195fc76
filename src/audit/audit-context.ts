import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedUser } from '../auth/caller';

/** What an audit event reads from the request it happens in: the client address. */
const requests = new AsyncLocalStorage<Request>();

/** The client address of the request being handled (Express `req.ip`, TRUST_PROXY aware), or null outside one. */
export function currentClientAddress(): string | null {
  return requests.getStore()?.ip ?? null;
}

/** The signed-in caller of the request being handled (set by the token guard), or null. */
export function currentCaller(): AuthenticatedUser | null {
  return (requests.getStore() as (Request & { user?: AuthenticatedUser }) | undefined)?.user ?? null;
}

/**
 * Express middleware: runs the rest of a request inside its audit context, so services deep in
 * a call (tokens, users, writers) can stamp the client address without being handed the request.
 * GET and HEAD requests change nothing audited and skip it (the hot read paths pay nothing).
 */
export function auditContext(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  requests.run(req, next);
}
