import type { Request, RequestHandler } from 'express';
import { type AuthenticatedUser, parseOverride } from '../auth/caller';
import { AuditAction } from './audit-actions';
import { AuditLog } from './audit-log.service';

/**
 * Records every signed-in request that carries `?override=admin`, once the response is sent
 * (so refusals by the writers guard count too): success below 400, denied on 403, failure else.
 * Requests without a query string cost one substring test of the URL. A plain Express
 * middleware, mounted by createApp: as a Nest middleware it cost every request a route match
 * and an async wrapper (docs/PERFORMANCE.md, issue 19).
 */
export function adminOverrideAudit(audit: AuditLog): RequestHandler {
  return (req, res, next) => {
    // no query string, no override (Express 5 parses req.query anew on every read; an encoded
    // `overrid%65` is decoded by that parser, so no cheaper test on the raw URL would be safe)
    if (req.url.includes('?') && parseOverride(req.query)) {
      const address = req.ip ?? null;
      res.once('finish', () => {
        const user = (req as Request & { user?: AuthenticatedUser }).user;
        if (!user) return; // not signed in: no override was used
        const status = res.statusCode;
        void audit.record({
          action: AuditAction.AdminOverride,
          actor: user,
          target: { type: 'route', name: `${req.method} ${req.originalUrl.split('?')[0]}` },
          outcome: status < 400 ? 'success' : status === 403 ? 'denied' : 'failure',
          details: { status, isAdmin: user.isAdmin },
          address,
        });
      });
    }
    next();
  };
}
