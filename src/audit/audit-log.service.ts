import { Injectable, Logger } from '@nestjs/common';
import { AuditAction, type AuditOutcome } from './audit-actions';
import { AuditRepository } from './audit.repository';

/** Who did it: a user (id, name), or a name alone (a failed sign-in's user name, `system`). */
export interface AuditActor {
  id?: string | null;
  /** Default: the name of the user with that id. */
  name?: string | null;
  /** The client address of the request the actor made (a signed-in caller carries it). */
  address?: string | null;
}

/** What it was done to. */
export interface AuditTarget {
  type: string;
  id?: string | null;
  name?: string | null;
}

/** Plain facts about an event; keys that look like secrets are dropped before writing. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** What the token events need of a token record (never its secret). */
export interface TokenLike {
  id: string;
  name: string;
  kind?: string;
  user?: { id: string; name: string } | null;
}

export interface AuditEventInput {
  action: AuditAction;
  /** Who did it; null: nobody in particular (the system, an anonymous request). */
  actor: AuditActor | null;
  target?: AuditTarget;
  outcome?: AuditOutcome;
  details?: AuditDetails;
  /** Client address; default: the actor's (`AuditActor.address`). */
  address?: string | null;
}

const SECRET_KEY = /pass|secret|token$|digest|hash|cookie|authorization/i;

/** Details without anything whose name suggests a secret (defence in depth: callers never pass one). */
export function safeDetails(details: AuditDetails = {}): AuditDetails {
  return Object.fromEntries(Object.entries(details).filter(([k]) => !SECRET_KEY.test(k)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit log: one call per audited action (`await audit.record({...})`). A failure to write
 * the event is logged, never turned into an error for the client whose action already happened.
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);

  constructor(private readonly repo: AuditRepository) {}

  async record(e: AuditEventInput): Promise<void> {
    const actorId = e.actor?.id && UUID.test(e.actor.id) ? e.actor.id : null;
    try {
      await this.repo.insert({
        actorId,
        actorName: e.actor?.name?.slice(0, 255) ?? null,
        action: e.action,
        targetType: e.target?.type ?? null,
        targetId: e.target?.id?.slice(0, 255) ?? null,
        targetName: e.target?.name?.slice(0, 4096) ?? null,
        outcome: e.outcome ?? 'success',
        address: (e.address === undefined ? e.actor?.address : e.address)?.slice(0, 64) ?? null,
        details: safeDetails(e.details),
      });
    } catch (err) {
      this.logger.error(`Audit event ${e.action} not written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A sign-in attempt by user name (`userId` null when no such user); throttled attempts are not attempts. */
  signIn(username: string, userId: string | null, ok: boolean, address: string | null): Promise<void> {
    const actor = { id: userId, name: username };
    return this.record({ action: AuditAction.Login, actor, target: { type: 'user', ...actor }, outcome: ok ? 'success' : 'failure', address });
  }

  /** A token created, revoked, restored or deleted; the target names the token and its owner. */
  token(action: AuditAction, actor: AuditActor, token: TokenLike): Promise<void> {
    const details: AuditDetails = { ownerId: token.user?.id ?? null, ownerName: token.user?.name ?? null };
    if (token.kind !== undefined) details.kind = token.kind;
    return this.record({ action, actor, target: { type: 'token', id: token.id, name: token.name }, details });
  }

  /** A user created, deleted or given another profile. */
  user(action: AuditAction, actor: AuditActor, user: { id: string; name: string }, details?: AuditDetails): Promise<void> {
    return this.record({ action, actor, target: { type: 'user', id: user.id, name: user.name }, details });
  }

  /** Writers added to or removed from a record (`users`: the user names or ids concerned; empty = all). */
  writers(action: AuditAction, actor: AuditActor, kind: string, record: { id: string; name?: string | null }, users: string[]): Promise<void> {
    return this.record({ action, actor, target: { type: kind, id: record.id, name: record.name ?? null }, details: { users } });
  }
}
