import { DataSource } from 'typeorm';
import type { DatabaseTarget } from './database-target';
import { PreparedSql } from './prepared-sql';

describe('PreparedSql.rows', () => {
  const builder = new DataSource({ type: 'postgres' });
  let sent: [string, unknown[]][];
  let sql: PreparedSql;
  beforeEach(() => {
    sent = [];
    const ds = { query: (text: string, params: unknown[]) => (sent.push([text, params]), Promise.resolve([{ n: sent.length }])) };
    sql = new PreparedSql(ds as unknown as DataSource, { embedded: true } as DatabaseTarget);
  });

  // the builder's own constant (kind), a parameter used twice (name), one of the call (id)
  const make = jest.fn(() =>
    builder.createQueryBuilder().select('t.id').from('things', 't').where('t.kind = :kind AND (lower(t.name) = lower(:name) OR t.alias = :name) AND t.id <> :id', { kind: 'k' }),
  );

  it('builds the text once per form and places each call\'s parameters, constants kept', async () => {
    expect(await sql.rows('things', make, { name: 'Ann', id: 7 })).toEqual([{ n: 1 }]);
    await sql.rows('things', make, { id: 8, name: 'Bob' });
    expect(make).toHaveBeenCalledTimes(1);
    const text = 'SELECT t.id FROM "things" "t" WHERE t.kind = $1 AND (lower(t.name) = lower($2) OR t.alias = $2) AND t.id <> $3';
    expect(sent).toEqual([
      [text, ['k', 'Ann', 7]],
      [text, ['k', 'Bob', 8]],
    ]);
  });

  it('builds another form anew', async () => {
    await sql.rows('things', make, { name: 'Ann', id: 7 });
    await sql.rows('other', () => builder.createQueryBuilder().select('1').from('x', 'x').where('x.a = :a'), { a: [1, 2] });
    expect(sent[1]).toEqual(['SELECT 1 FROM "x" "x" WHERE x.a = $1', [[1, 2]]]);
  });
});
