import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DATABASE_TARGET, type DatabaseTarget } from './database-target';

/** More distinct statements than this are run unprepared (each one costs memory in every connection). */
const MAX_STATEMENTS = 500;

/**
 * Runs the hot, fixed-text statements (a record by key, the bulk upsert's look-ups, the token
 * check) as named prepared statements on the real server, so PostgreSQL parses and plans each
 * once per connection instead of on every call. For the aspect read, planning was 0.7 ms
 * against 0.1 ms of execution, and took three quarters of PostgreSQL's CPU per request
 * (docs/PERFORMANCE.md).
 *
 * Same contract as `DataSource.query`: a pooled connection, autocommit, raw rows, errors as
 * TypeORM's QueryFailedError. Only for statements whose text does not vary with the input (a
 * list with optional filters does): each distinct text becomes one statement in every pooled
 * connection. Not for work inside a transaction (pass the transaction's manager instead).
 *
 * The embedded engine serves every client from one session, where statement names from
 * different connections would collide, so there it runs the statement unprepared.
 */
@Injectable()
export class PreparedSql {
  private readonly names = new Map<string, string>();
  private readonly pool?: Pool;

  constructor(
    private readonly ds: DataSource,
    @Inject(DATABASE_TARGET) database: DatabaseTarget,
  ) {
    if (!database.embedded) this.pool = (ds.driver as PostgresDriver).master as Pool;
  }

  async query(text: string, params: unknown[] = []): Promise<unknown> {
    const name = this.pool && this.nameOf(text);
    if (!this.pool || !name) return this.ds.query(text, params);
    try {
      return (await this.pool.query({ name, text, values: params })).rows;
    } catch (e) {
      throw new QueryFailedError(text, params, e as Error);
    }
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (!name && this.names.size < MAX_STATEMENTS) {
      name = `rf_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
