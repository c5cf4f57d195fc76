import { listColumns, listWhere } from './list-sql';
import type { ListQuery } from '../common/list-query';
import { presentRecord, RecordShape } from '../common/presenter';

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

describe('listWhere', () => {
  const q = (conditions: string[]): ListQuery => ({ fields: null, conditions, params: [], orderBy: 'x', limit: 1, offset: 0 });
  it('ANDs the conditions, or is empty', () => {
    expect(listWhere(q([]))).toBe('');
    expect(listWhere(q(['a = $1', 'b = $2']))).toBe('WHERE a = $1 AND b = $2');
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
