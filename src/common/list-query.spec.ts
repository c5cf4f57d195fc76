import { httpStatusOf } from './errors/api-exception.filter';
import { ApiError } from './errors/api-errors';
import { parseListQuery, pickFields } from './list-query';
import { THING_LIST_SPEC as spec } from '../../test/support/list-spec';


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
    expect(parseListQuery({}, spec)).toMatchObject({ limit: 10000, offset: 0, fields: null, filters: [] });
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
    expect(q.filters).toEqual([{ kind: 'string', column: 't.name', exact: ['a'], wildcards: ['b*c'] }]);
  });

  it('ignores unknown parameters and reserved ones', () => {
    expect(parseListQuery({ override: 'admin', whatever: 'x' }, spec).filters).toEqual([]);
  });

  it('filters booleans and numbers exactly and rejects bad values', () => {
    const q = parseListQuery({ isPublished: 'true', rank: '3' }, spec);
    expect(q.filters).toEqual([
      { kind: 'boolean', column: 't.is_published', anyOf: [true] },
      { kind: 'number', column: 't.rank', anyOf: [3] },
    ]);
    expect(httpStatusOf(errorOf(() => parseListQuery({ isPublished: 'yes' }, spec)))).toBe(400);
    expect(httpStatusOf(errorOf(() => parseListQuery({ rank: 'x' }, spec)))).toBe(400);
  });

  it('handles tags: all-of, none-of, mixing and duplicates', () => {
    expect(parseListQuery({ tags: 'a,b' }, spec).filters).toEqual([{ kind: 'tags', column: 't.tags', tags: ['a', 'b'], exclude: false }]);
    expect(parseListQuery({ tags: '-a,-b' }, spec).filters).toEqual([{ kind: 'tags', column: 't.tags', tags: ['a', 'b'], exclude: true }]);
    expect(httpStatusOf(errorOf(() => parseListQuery({ tags: 'a,-b' }, spec)))).toBe(400);
    expect(errorOf(() => parseListQuery({ tags: 'US,us' }, spec)).items[0].type).toBe('DuplicateFieldError');
    expect(errorOf(() => parseListQuery({ tags: '-US,-us' }, spec)).items[0].type).toBe('DuplicateFieldError');
  });

  it('takes negative durations for timestamps', () => {
    const q = parseListQuery({ createdAt: '-2h' }, spec);
    expect(q.filters).toEqual([{ kind: 'timestamp', column: 't.created_at', seconds: 7200 }]);
    expect(httpStatusOf(errorOf(() => parseListQuery({ createdAt: '2h' }, spec)))).toBe(400);
  });

  it('picks fields, keeping apiLinks', () => {
    expect(pickFields({ id: 1, name: 'x', rank: 2, apiLinks: [] }, ['id', 'name'])).toEqual({ id: 1, name: 'x', apiLinks: [] });
  });
});
