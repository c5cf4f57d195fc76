import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { filterConditions, listColumns, listPageOf, listParam, wildcardToLike, withinTimeRange } from './list-sql';
import { parseListQuery } from '../common/list-query';
import { presentRecord, RecordShape } from '../common/presenter';
import { THING_LIST_SPEC as spec } from '../../test/support/list-spec';


describe('listColumns', () => {
  it('maps camelCase fields to the snake_case columns of the alias, in order', () => {
    expect(listColumns('a', 'string', ['name', 'helpEmail', 'lensEventApiVersion'])).toEqual({
      name: { sql: 'a.name', kind: 'string' },
      helpEmail: { sql: 'a.help_email', kind: 'string' },
      lensEventApiVersion: { sql: 'a.lens_event_api_version', kind: 'string' },
    });
    expect(Object.keys(listColumns('p', 'timestamp', ['updatedAt', 'createdAt']))).toEqual(['updatedAt', 'createdAt']);
  });

  it('passes filter/sort options to every column', () => {
    expect(listColumns('p', 'string', ['statusFilterType'], { filter: false })).toEqual({
      statusFilterType: { sql: 'p.status_filter_type', kind: 'string', filter: false },
    });
  });
});

describe('filterConditions', () => {
  const sql = (query: Record<string, unknown>) => filterConditions(parseListQuery(query, spec).filters);

  it('compares strings ignoring case, wildcards by ILIKE, comma ORs', () => {
    expect(sql({ name: 'A,b*c' })).toEqual({ conditions: [`(lower(t.name) = ANY(CAST(:f0 AS text[])) OR t.name ILIKE :f1 ESCAPE '\\')`], params: { f0: ['a'], f1: 'b%c' } });
    expect(sql({ name: 'x*' })).toEqual({ conditions: [`t.name ILIKE :f0 ESCAPE '\\'`], params: { f0: 'x%' } });
    expect(wildcardToLike('a_b%c*')).toBe('a\\_b\\%c%');
  });

  it('compares booleans and numbers exactly', () => {
    expect(sql({ isPublished: 'true', rank: '3' })).toEqual({
      conditions: ['t.is_published = ANY(CAST(:f0 AS boolean[]))', 't.rank = ANY(CAST(:f1 AS double precision[]))'],
      params: { f0: [true], f1: [3] },
    });
  });

  it('takes all of the tags, or none of them', () => {
    expect(sql({ tags: 'a,b' })).toEqual({ conditions: ['t.tags @> CAST(:f0 AS text[])'], params: { f0: ['a', 'b'] } });
    expect(sql({ tags: '-a,-b' })).toEqual({ conditions: ['NOT (t.tags && CAST(:f0 AS text[]))'], params: { f0: ['a', 'b'] } });
  });

  it('takes a timestamp within seconds of now', () => {
    expect(sql({ createdAt: '-2h' })).toEqual({ conditions: ['t.created_at >= now() - make_interval(secs => CAST(:f0 AS double precision))'], params: { f0: 7200 } });
  });

  it('names parameters uniquely, also for conditions added afterwards', () => {
    const where = sql({ name: 'x', rank: '1' });
    expect(listParam(where, 'later')).toBe(':f2');
    withinTimeRange(where, 't.at', { from: new Date('2026-01-01T00:00:00Z'), to: null });
    expect(where.conditions[2]).toBe('t.at >= CAST(:f3 AS timestamptz)');
    expect(where.params).toEqual({ f0: ['x'], f1: [1], f2: 'later', f3: '2026-01-01T00:00:00.000Z' });
  });
});

describe('listPageOf', () => {
  const ds = new DataSource({ type: 'postgres' });
  let sent: [string, unknown[]][];
  let answers: unknown[][];
  beforeEach(() => {
    sent = [];
    answers = [];
    const run = function (this: SelectQueryBuilder<ObjectLiteral>) {
      sent.push(this.getQueryAndParameters());
      return Promise.resolve(answers.shift() ?? []);
    };
    jest.spyOn(SelectQueryBuilder.prototype, 'getRawMany').mockImplementation(run);
    jest.spyOn(SelectQueryBuilder.prototype, 'getRawOne').mockImplementation(function (this: SelectQueryBuilder<ObjectLiteral>) {
      return run.call(this).then((rows) => rows[0]);
    });
  });
  afterEach(() => jest.restoreAllMocks());
  const things = () => ds.createQueryBuilder().select('t.id::text AS id, t.name').from('things', 't').where('t.kind = :kind', { kind: 'k' });

  it("ANDs the filters to the builder's own, pages and orders the rows, counts with the same filters", async () => {
    const q = parseListQuery({ name: 'a,b*', tags: 'x', createdAt: '-1d', sort: '-rank', limit: '5', offset: '10' }, spec);
    answers = [[{ id: '1', name: 'a' }], [{ total: 12 }]];
    expect(await listPageOf(things(), q)).toEqual({ rows: [{ id: '1', name: 'a' }], total: 12 });
    const where =
      "WHERE t.kind = $1 AND ((lower(t.name) = ANY(CAST($2 AS text[])) OR t.name ILIKE $3 ESCAPE '\\')) AND (t.tags @> CAST($4 AS text[])) " +
      'AND (t.created_at >= now() - make_interval(secs => CAST($5 AS double precision)))';
    const params = ['k', ['a'], 'b%', ['x'], 86400];
    expect(sent[1]).toEqual([`SELECT count(*)::int AS "total" FROM "things" "t" ${where}`, params]);
    expect(sent[0]).toEqual([`SELECT t.id::text AS id, t.name FROM "things" "t" ${where} ORDER BY t.rank DESC, t.name ASC, t.id ASC LIMIT 5 OFFSET 10`, params]);
  });

  it('reads no rows for limit 0 (TypeORM would write no LIMIT), still counting', async () => {
    answers = [[{ total: 3 }]];
    expect(await listPageOf(things(), parseListQuery({ limit: '0' }, spec))).toEqual({ rows: [], total: 3 });
    expect(sent).toHaveLength(1);
  });

  it('with windowCount, counts in the page query and only past the end in a query of its own', async () => {
    answers = [[{ id: '1', list_window_total: '7' }]];
    expect(await listPageOf(things(), parseListQuery({}, spec), { windowCount: true })).toEqual({ rows: [{ id: '1' }], total: 7 });
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toContain('count(*) OVER () AS "list_window_total"');
    sent = [];
    answers = [[], [{ total: 7 }]];
    expect(await listPageOf(things(), parseListQuery({ offset: '50' }, spec), { windowCount: true })).toEqual({ rows: [], total: 7 });
    expect(sent).toHaveLength(2);
  });
});

describe('presentRecord', () => {
  const shape: RecordShape<'ownerId', 'parentId'> = { collection: '/v1/things', noun: 'thing', hidden: ['ownerId'], keepNull: ['parentId'] };
  const row = { id: 'i1', name: 'n', ownerId: 'o', parentId: null, description: null, createdAt: new Date('2020-01-02T03:04:05.000Z') };

  it('hides, omits nulls except keepNull, ISO dates, then apiLinks', () => {
    const out = presentRecord(row, shape);
    expect(Object.keys(out)).toEqual(['id', 'name', 'parentId', 'createdAt', 'apiLinks']);
    expect(out).toMatchObject({ parentId: null, createdAt: '2020-01-02T03:04:05.000Z' });
    expect(out.apiLinks).toHaveLength(5);
    expect(out.apiLinks).toContainEqual({ href: '/v1/things/i1', method: 'GET', rel: 'Retrieve this thing' });
  });

  it('once deleted, links only the collection POST', () => {
    expect(presentRecord(row, shape, true).apiLinks).toEqual([{ href: '/v1/things', method: 'POST', rel: 'Create a new thing' }]);
  });
});
