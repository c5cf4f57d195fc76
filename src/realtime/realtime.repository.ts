import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, callerOf, SESSION_CREDENTIALS } from '../auth/caller';

/** The queries of the realtime feed. */
@Injectable()
export class RealtimeRepository {
  constructor(private readonly db: DataSource) {}

  /** The (not deleted) user of a web session, as a caller. */
  async sessionUser(userId: string): Promise<AuthenticatedUser | undefined> {
    const rows = (await this.db.query(
      `SELECT u.id::text AS id, u.name, u.email, p.name AS profile_name
         FROM users u JOIN profiles p ON p.id = u.profile_id
        WHERE u.id = $1::uuid AND u.deleted_at IS NULL`,
      [userId],
    )) as { id: string; name: string; email: string; profile_name: string }[];
    const r = rows[0];
    if (!r) return undefined;
    return callerOf({ id: r.id, name: r.name, email: r.email, profileName: r.profile_name }, SESSION_CREDENTIALS);
  }

  /** Which of these web sessions still exist, unexpired, for a user not deleted (ONE query). */
  async liveSessions(sids: string[]): Promise<Set<string>> {
    const rows = (await this.db.query(
      `SELECT ws.sid FROM web_sessions ws JOIN users u ON u.id = ws.user_id AND u.deleted_at IS NULL
        WHERE ws.sid = ANY($1::text[]) AND ws.expires_at > now()`,
      [sids],
    )) as { sid: string }[];
    return new Set(rows.map((r) => r.sid));
  }
}
