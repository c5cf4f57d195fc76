import { isUuid } from '../common/key';
import { descendantsOf, descendantsPattern, escapeLike, keyCondition, levelOf, lowerNames, nameEquals, nameIn, sampleNameCondition, sampleNameOf, subtreeCondition } from './key-sql';

describe('key', () => {
  it('recognises UUIDs in any case', () => {
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(true);
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950')).toBe(false);
    expect(isUuid('root.child')).toBe(false);
  });

  it('looks up a UUID by id only', () => {
    const c = keyCondition('0F8FAD5B-D9CB-469F-A165-70867728950E', 's.id', 's.absolute_path', 3);
    expect(c).toEqual({ sql: 's.id = $3::uuid', param: '0f8fad5b-d9cb-469f-a165-70867728950e' });
  });

  it('compares names exactly, ignoring case, without LIKE', () => {
    const c = keyCondition('foo_bar%', 's.id', 's.absolute_path', 1);
    expect(c).toEqual({ sql: 'lower(s.absolute_path) = lower($1)', param: 'foo_bar%' });
  });

  it('names its placeholder for a QueryBuilder', () => {
    expect(keyCondition('Ann', 'u.id', 'u.name', 'key')).toEqual({ sql: 'lower(u.name) = lower(:key)', param: 'Ann' });
    expect(keyCondition('0F8FAD5B-D9CB-469F-A165-70867728950E', 'u.id', 'u.name', 'key').sql).toBe('u.id = :key::uuid');
  });

  it('compares a name, and a sample name, ignoring case with named parameters', () => {
    expect(nameEquals('t.name', 'name')).toBe('lower(t.name) = lower(:name)');
    expect(sampleNameCondition('sub', 'a', { subjectPath: 'A.b', aspectName: 'Cpu' })).toEqual({
      sql: 'lower(sub.absolute_path) = lower(:subjectPath) AND lower(a.name) = lower(:aspectName)',
      params: { subjectPath: 'A.b', aspectName: 'Cpu' },
    });
  });

  it('finds a subtree by the root id or a literal, lower-cased path prefix', () => {
    expect(descendantsPattern('Root_1.A%b')).toBe('root\\_1.a\\%b.%');
    expect(descendantsOf('absolute_path', 'd')).toBe("lower(absolute_path) LIKE :d ESCAPE '\\'");
    expect(subtreeCondition('s.id', 's.absolute_path', 1, 2)).toBe("(s.id = CAST($1 AS uuid) OR lower(s.absolute_path) LIKE $2 ESCAPE '\\')");
  });

  it('matches any of several names ignoring case, each lower-cased once', () => {
    expect(nameIn('b.name', 'names')).toBe('lower(b.name) = ANY(CAST(:names AS text[]))');
    expect(nameIn('tg', 2)).toBe('lower(tg) = ANY(CAST($2 AS text[]))');
    expect(lowerNames(['Ann', 'ANN', 'bob'])).toEqual(['ann', 'bob']);
    expect(escapeLike('a\\b%c_d')).toBe('a\\\\b\\%c\\_d');
  });

  it('computes a sample name and a subject level from the paths', () => {
    expect(sampleNameOf('sub', 'a')).toBe("(sub.absolute_path || '|' || a.name)");
    expect(levelOf('s.absolute_path')).toBe("(length(s.absolute_path) - length(replace(s.absolute_path, '.', '')) + 1)");
  });
});
