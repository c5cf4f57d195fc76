import { httpStatusOf } from './errors/api-exception.filter';
import { ApiError } from './errors/api-errors';
import { listParam, ListSpec, parseListQuery, pickFields, wildcardToLike } from './list-query';

const spec: ListSpec = {
  source: 'Thing',
  columns: {
    name: { sql: 't.name', kind: 'string' },
    isPublished: { sql: 't.is_published', kind: 'boolean' },
    rank: { sql: 't.rank', kind: 'number' },
    tags: { sql: 't.tags', kind: 'tags' },
    createdAt: { sql: 't.created_at', kind: 'timestamp' },
  },
  selectable: ['name', 'isPublished', 'rank', 'tags', 'user'],
  defaultSort: ['name'],
  idSql: 't.id',
};

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected an error');
}

describe('parseListQuery', () => {
  it('defaults and caps limit and offset', () => {
    expect(parseListQuery({}, spec)).toMatchObject({ limit: 10000, offset: 0, fields: null, conditions: [] });
    expect(parseListQuery({ limit: '20000', offset: '5' }, spec)).toMatchObject({ limit: 10000, offset: 5 });
    expect(httpStatusOf(errorOf(() => parseListQuery({ limit: 'x' }, spec)))).toBe(400);
    expect(httpStatusOf(errorOf(() => parseListQuery({ offset: '-1' }, spec)))).toBe(400);
    expect(httpStatusOf(errorOf(() => parseListQuery({ offset: '99999999999999999999' }, spec)))).toBe(400);
    expect(parseListQuery({ limit: '99999999999999999999' }, spec).limit).toBe(10000);
  });

  it('sorts by known fields, descending with -, and ties on the default and id', () => {
    expect(parseListQuery({ sort: '-rank' }, spec).order).toEqual([
      { sql: 't.rank', direction: 'DESC' },
      { sql: 't.name', direction: 'ASC' },
      { sql: 't.id', direction: 'ASC' },
    ]);
    expect(parseListQuery({}, spec).order).toEqual([
      { sql: 't.name', direction: 'ASC' },
      { sql: 't.id', direction: 'ASC' },
    ]);
    // a composite key ties on each of its columns
    expect(parseListQuery({}, { ...spec, idSql: ['t.a', 't.b'] }).order.map((o) => o.sql)).toEqual(['t.name', 't.a', 't.b']);
    // a later term on the same expression is dropped, not turned around
    expect(parseListQuery({ sort: '-name' }, spec).order).toEqual([
      { sql: 't.name', direction: 'DESC' },
      { sql: 't.id', direction: 'ASC' },
    ]);
    expect(httpStatusOf(errorOf(() => parseListQuery({ sort: 'nope' }, spec)))).toBe(400);
    expect(httpStatusOf(errorOf(() => parseListQuery({ sort: 'tags' }, spec)))).toBe(400);
  });

  it('validates fields and always adds id', () => {
    expect(parseListQuery({ fields: 'name,user' }, spec).fields).toEqual(['id', 'name', 'user']);
    expect(httpStatusOf(errorOf(() => parseListQuery({ fields: 'name,secret' }, spec)))).toBe(400);
  });

  it('filters strings case-insensitively with wildcards and comma ORs', () => {
    const q = parseListQuery({ name: 'A,b*c' }, spec);
    expect(q.conditions).toEqual([`(lower(t.name) = ANY(CAST(:f0 AS text[])) OR t.name ILIKE :f1 ESCAPE '\\')`]);
    expect(q.params).toEqual({ f0: ['a'], f1: 'b%c' });
    expect(wildcardToLike('a_b%c*')).toBe('a\\_b\\%c%');
  });

  it('ignores unknown parameters and reserved ones', () => {
    expect(parseListQuery({ override: 'admin', whatever: 'x' }, spec).conditions).toEqual([]);
  });

  it('filters booleans and numbers exactly and rejects bad values', () => {
    const q = parseListQuery({ isPublished: 'true', rank: '3' }, spec);
    expect(q.conditions).toEqual(['t.is_published = ANY(CAST(:f0 AS boolean[]))', 't.rank = ANY(CAST(:f1 AS double precision[]))']);
    expect(q.params).toEqual({ f0: [true], f1: [3] });
    expect(httpStatusOf(errorOf(() => parseListQuery({ isPublished: 'yes' }, spec)))).toBe(400);
    expect(httpStatusOf(errorOf(() => parseListQuery({ rank: 'x' }, spec)))).toBe(400);
  });

  it('handles tags: all-of, none-of, mixing and duplicates', () => {
    expect(parseListQuery({ tags: 'a,b' }, spec).conditions).toEqual(['t.tags @> CAST(:f0 AS text[])']);
    const none = parseListQuery({ tags: '-a,-b' }, spec);
    expect(none.conditions).toEqual(['NOT (t.tags && CAST(:f0 AS text[]))']);
    expect(none.params).toEqual({ f0: ['a', 'b'] });
    expect(httpStatusOf(errorOf(() => parseListQuery({ tags: 'a,-b' }, spec)))).toBe(400);
    expect(errorOf(() => parseListQuery({ tags: 'US,us' }, spec)).items[0].type).toBe('DuplicateFieldError');
    expect(errorOf(() => parseListQuery({ tags: '-US,-us' }, spec)).items[0].type).toBe('DuplicateFieldError');
  });

  it('takes negative durations for timestamps', () => {
    const q = parseListQuery({ createdAt: '-2h' }, spec);
    expect(q.params).toEqual({ f0: 7200 });
    expect(httpStatusOf(errorOf(() => parseListQuery({ createdAt: '2h' }, spec)))).toBe(400);
  });

  it('names parameters uniquely, also for conditions added afterwards', () => {
    const q = parseListQuery({ name: 'x', rank: '1' }, spec);
    expect(listParam(q, 'later')).toBe(':f2');
    expect(q.params).toEqual({ f0: ['x'], f1: [1], f2: 'later' });
  });

  it('picks fields, keeping apiLinks', () => {
    expect(pickFields({ id: 1, name: 'x', rank: 2, apiLinks: [] }, ['id', 'name'])).toEqual({ id: 1, name: 'x', apiLinks: [] });
  });
});
