import { QueryFailedError } from 'typeorm';
import { PreparedSql } from '../../src/database/prepared-sql';
import { createTestApp, TestApp } from '../support/app';

/**
 * PreparedSql runs hot statements as named prepared statements on the real server (PostgreSQL
 * then plans them once per connection), and unprepared on the embedded engine, whose single
 * session is shared by every connection.
 */
describe('PreparedSql', () => {
  let t: TestApp;
  let sql: PreparedSql;
  const TEXT = 'SELECT name FROM profiles WHERE lower(name) = lower($1)';

  beforeAll(async () => {
    t = await createTestApp();
    sql = t.app.get(PreparedSql);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers like DataSource.query, rows and all', async () => {
    expect(await sql.query(TEXT, ['admin'])).toEqual(await t.dataSource.query(TEXT, ['admin']));
    expect(await sql.query(TEXT, ['nobody'])).toEqual([]);
  });

  it('prepares the statement on the real server only', async () => {
    await sql.query(TEXT, ['admin']);
    // Nothing else runs now, so the pool hands this query the connection that just ran the statement.
    const prepared = (await t.dataSource.query('SELECT statement FROM pg_prepared_statements')) as { statement: string }[];
    const found = prepared.some((p) => p.statement === TEXT);
    expect(found).toBe(!t.db.embedded);
  });

  it('fails with TypeORM\'s QueryFailedError and the SQLSTATE, as DataSource.query does', async () => {
    const failure = sql.query('SELECT $1::uuid AS id', ['not-a-uuid']);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ code: '22P02' });
  });
});
