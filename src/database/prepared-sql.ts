import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { SqlRunner } from '../common/owner';
import { copyOut, type CopiedRow } from './copy-out';
import { DATABASE_TARGET, type DatabaseTarget } from './database-target';
import { longStatement, withLongStatements } from './query-timeouts';

/** More distinct statements than this are run unprepared (each one costs memory in every connection). */
const MAX_STATEMENTS = 500;

/** Something that writes a statement: a QueryBuilder. */
type Builder = { getQueryAndParameters(): [string, unknown[]] } & { setParameters(params: Record<string, unknown>): unknown };

/** A built statement: its text, and where each positional parameter comes from (a named parameter of the call, or a constant of the builder). */
interface Built {
  text: string;
  slots: ({ name: string } | { value: unknown })[];
}

/** Stand-in values of the named parameters while a statement is built, recognised afterwards in the positional ones. */
const SLOT = '\u0000prepared-sql-slot:';

/** The text of the statement `qb` writes, with the positions its named parameters `names` take. */
function build(qb: Builder, names: readonly string[]): Built {
  qb.setParameters(Object.fromEntries(names.map((n) => [n, SLOT + n])));
  const [text, values] = qb.getQueryAndParameters();
  const slots = values.map((v) => (typeof v === 'string' && v.startsWith(SLOT) ? { name: v.slice(SLOT.length) } : { value: v }));
  return { text, slots };
}

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
  private readonly built = new Map<string, Built>();
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
   * The rows of a SELECT as bytes, through COPY, on either engine (copyOut): for reads of tens
   * of thousands of rows whose values are already the answer's text (the hierarchy's samples).
   */
  copyOut(select: string, fields: number, onRow: (row: CopiedRow) => void): Promise<void> {
    return copyOut((this.ds.driver as PostgresDriver).master as Pool, select, fields, onRow);
  }

  /**
   * The raw rows of the SELECT that `make` builds with a QueryBuilder, prepared like `query`,
   * with the named parameters `params`. The text must depend only on `form` (say the kind and
   * the key's form, never the input), and `make` must leave the input out (values go in
   * `params`): the builder runs ONCE per form, later calls only place the parameters. Building
   * the text cost 18–53 µs of CPU per look-up (docs/PERFORMANCE.md).
   */
  async rows<T>(form: string, make: () => Builder, params: Record<string, unknown>): Promise<T[]> {
    let b = this.built.get(form);
    if (!b) {
      b = build(make(), Object.keys(params));
      if (this.built.size < MAX_STATEMENTS) this.built.set(form, b);
    }
    const values = b.slots.map((s) => ('name' in s ? params[s.name] : s.value));
    return (await this.query(b.text, values)) as T[];
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
