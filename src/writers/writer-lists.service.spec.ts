import { ValidationError } from '../common/errors/api-errors';
import { MAX_WRITERS_PER_REQUEST, parseUserKeys } from './writer-lists.service';

describe('parseUserKeys', () => {
  it('accepts an array of names and ids, dropping case-insensitive repeats', () => {
    expect(parseUserKeys(['ann', 'ANN', 'bob', '6f1d6a1e-0000-4000-8000-000000000001'], 'Aspect')).toEqual([
      'ann',
      'bob',
      '6f1d6a1e-0000-4000-8000-000000000001',
    ]);
    expect(parseUserKeys([], 'Aspect')).toEqual([]);
  });

  it.each([[{ name: 'ann' }], ['ann'], [null], [undefined], [42]])('refuses a body that is not an array: %p', (body) => {
    expect(() => parseUserKeys(body, 'Aspect')).toThrow(ValidationError);
  });

  it.each([[[1]], [['']], [['  ']], [[null]], [[['ann']]], [['x'.repeat(255)]]])('refuses a bad element: %p', (body) => {
    expect(() => parseUserKeys(body, 'Aspect')).toThrow(ValidationError);
  });

  it('caps the number of entries', () => {
    const many = Array.from({ length: MAX_WRITERS_PER_REQUEST + 1 }, (_, i) => `u${i}`);
    expect(() => parseUserKeys(many, 'Aspect')).toThrow(ValidationError);
  });
});
