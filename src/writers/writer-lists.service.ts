import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, SchemaValidationError, ValidationError } from '../common/errors/api-errors';
import { KIND_TABLES, WritableKind } from './resource-kind';
import { WriterResolvers } from './writer-resolvers';
import { AuditLog } from '../audit/audit-log.service';
import { AuditAction } from '../audit/audit-actions';
import { WriterRow, WritersRepository, WriterTarget, WriterUser } from './writers.repository';

/** Most user keys one POST may carry (SECURITY 19: arrays have a cap). */
export const MAX_WRITERS_PER_REQUEST = 1000;
const MAX_USER_KEY_LENGTH = 254;

/**
 * The writers endpoints of subjects, aspects, perspectives and lenses. Changes arrive with the
 * record already resolved and the caller's write permission checked by `@RequireWriter`.
 */
@Injectable()
export class WriterListsService {
  constructor(
    private readonly repo: WritersRepository,
    private readonly resolvers: WriterResolvers,
    private readonly audit: AuditLog,
  ) {}

  async list(kind: WritableKind, key: string): Promise<WriterUser[]> {
    const target = await this.resolvers.resolve(kind, key);
    return this.repo.listWriters(kind, target.id);
  }

  async get(kind: WritableKind, key: string, userKey: string): Promise<WriterUser> {
    const target = await this.resolvers.resolve(kind, key);
    const writer = await this.repo.findWriter(kind, target.id, userKey);
    if (!writer) throw new NotFoundError({ source: 'User', value: userKey, description: `"${userKey}" is not a writer` });
    return writer;
  }

  /** Adds users (names or ids) as writers: all of them or, when one is unknown, none. */
  async add(caller: AuthenticatedUser, kind: WritableKind, target: WriterTarget, body: unknown): Promise<WriterRow[]> {
    const keys = parseUserKeys(body, KIND_TABLES[kind].source);
    if (keys.length === 0) return [];
    const found = await this.repo.resolveUsers(keys);
    const unknown = keys.filter((k) => !found.has(k));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((k) => ({
          message: `User not found: ${k}`,
          source: 'User',
          value: k,
          description: `There is no user named "${k}" (or with that id); no writers were added.`,
        })),
      );
    }
    const userIds = [...new Set(keys.map((k) => found.get(k)!))];
    const rows = await this.repo.addWriters(kind, target.id, userIds);
    await this.audit.writers(AuditAction.WritersAdd, caller, KIND_TABLES[kind].source, target, keys);
    return rows;
  }

  async removeAll(caller: AuthenticatedUser, kind: WritableKind, target: WriterTarget): Promise<void> {
    await this.repo.removeAllWriters(kind, target.id);
    await this.audit.writers(AuditAction.WritersRemove, caller, KIND_TABLES[kind].source, target, []);
  }

  async remove(caller: AuthenticatedUser, kind: WritableKind, target: WriterTarget, userKey: string): Promise<void> {
    const writer = await this.repo.findWriter(kind, target.id, userKey);
    if (!writer || !(await this.repo.removeWriter(kind, target.id, writer.id))) {
      throw new NotFoundError({ source: 'User', value: userKey, description: `"${userKey}" is not a writer` });
    }
    await this.audit.writers(AuditAction.WritersRemove, caller, KIND_TABLES[kind].source, target, [writer.name]);
  }
}

/** The POST body: a JSON array of user names or ids (non-empty strings), de-duplicated ignoring case. */
export function parseUserKeys(body: unknown, source: string): string[] {
  if (!Array.isArray(body)) {
    throw new SchemaValidationError({
      message: 'The request body must be a JSON array of user names or ids',
      source,
      description: 'Expected type array',
    });
  }
  if (body.length > MAX_WRITERS_PER_REQUEST) {
    throw new SchemaValidationError({
      message: `At most ${MAX_WRITERS_PER_REQUEST} writers per request`,
      source,
    });
  }
  const bad = body.find((k) => typeof k !== 'string' || k.trim() === '' || k.length > MAX_USER_KEY_LENGTH);
  if (bad !== undefined) {
    throw new SchemaValidationError({
      message: `Each writer must be a user name or id (a string of 1 to ${MAX_USER_KEY_LENGTH} characters)`,
      source,
      value: typeof bad === 'string' ? bad : '',
    });
  }
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const k of body as string[]) {
    if (seen.has(k.toLowerCase())) continue;
    seen.add(k.toLowerCase());
    keys.push(k);
  }
  return keys;
}
