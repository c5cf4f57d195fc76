import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, callerOf, SESSION_CREDENTIALS } from '../auth/caller';
import { WebSessionEntity } from '../auth/web-session.entity';
import { User } from '../users/user.entity';

/** The queries of the realtime feed and its bus. */
@Injectable()
export class RealtimeRepository {
  constructor(private readonly db: DataSource) {}

  /** The (not deleted) user of a web session, as a caller. */
  async sessionUser(userId: string): Promise<AuthenticatedUser | undefined> {
    // deleted users are left out by TypeORM (the entity's DeleteDateColumn)
    const r = await this.db
      .createQueryBuilder(User, 'u')
      .innerJoin('u.profile', 'p')
      .select('u.id::text', 'id')
      .addSelect('u.name', 'name')
      .addSelect('u.email', 'email')
      .addSelect('p.name', 'profileName')
      .where('u.id = CAST(:userId AS uuid)', { userId })
      .getRawOne<{ id: string; name: string; email: string; profileName: string }>();
    return r ? callerOf(r, SESSION_CREDENTIALS) : undefined;
  }

  /** Which of these web sessions still exist, unexpired, for a user not deleted (ONE query). */
  async liveSessions(sids: string[]): Promise<Set<string>> {
    const rows = await this.db
      .createQueryBuilder(WebSessionEntity, 'ws')
      .innerJoin('ws.user', 'u')
      .select('ws.sid', 'sid')
      .where('ws.sid = ANY(CAST(:sids AS text[])) AND ws.expires_at > now()', { sids })
      .getRawMany<{ sid: string }>();
    return new Set(rows.map((r) => r.sid));
  }

  // The bus's two statements are function calls without a table, which the QueryBuilder cannot
  // express (it needs a FROM): short hand-written SELECTs.

  /** The name of the database the application uses (the bus's Redis channel carries it). */
  async databaseName(): Promise<string> {
    const rows = (await this.db.query('SELECT current_database() AS name')) as { name: string }[];
    return rows[0].name;
  }

  /** Sends `payloads` on the LISTEN/NOTIFY `channel`, in one statement and in their order. */
  async notify(channel: string, payloads: readonly string[]): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n`, [channel, payloads]);
  }
}
