import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { SqlRunner } from '../common/owner';
import { DATABASE_TARGET, type DatabaseTarget } from './database-target';
import { longStatement, withLongStatements } from './query-timeouts';

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

  /** The same, for one statement of bulk work: under the long statement limit (query-timeouts.ts). */
  readonly long: SqlRunner = { query: (text, params) => this.query(text, params, true) };

  async query(text: string, params: unknown[] = [], long = false): Promise<unknown> {
    const name = this.pool && this.nameOf(text);
    if (!this.pool || !name) return long ? withLongStatements(this.ds, (m) => m.query(text, params)) : this.ds.query(text, params);
    try {
      const config = { name, text, values: params };
      return (await this.pool.query(long ? longStatement(config) : config)).rows;
    } catch (e) {
      throw new QueryFailedError(text, params, e as Error);
    }
  }

  /**
   * The raw rows of a QueryBuilder's SELECT, prepared like `query`: its text (named parameters
   * turned into positional ones by the builder) must not vary with the input either.
   */
  async rows<T>(qb: { getQueryAndParameters(): [string, unknown[]] }): Promise<T[]> {
    const [text, params] = qb.getQueryAndParameters();
    return (await this.query(text, params)) as T[];
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
