import { httpStatusOf } from '../errors/api-exception.filter';
import { bodyHygieneError, MAX_JSON_DEPTH } from './request-hygiene';

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe('bodyHygieneError', () => {
  it('accepts ordinary bodies, including ones nested up to the limit', () => {
    for (const body of [undefined, null, {}, [], 'x', 5, { name: 'a', tags: ['x'], relatedLinks: [{ name: 'n', url: 'u' }] }, nested(MAX_JSON_DEPTH)]) {
      expect(bodyHygieneError(body)).toBeUndefined();
    }
  });

  it('refuses nesting beyond the limit without overflowing the stack itself', () => {
    expect(httpStatusOf(bodyHygieneError(nested(MAX_JSON_DEPTH + 1))!)).toBe(400);
    const deep = JSON.parse(`${'['.repeat(100000)}${']'.repeat(100000)}`) as unknown;
    expect(bodyHygieneError(deep)?.items[0].type).toBe('InvalidJsonError');
  });

  it('refuses a NUL character in any string or key, however deep', () => {
    expect(bodyHygieneError({ name: 'a\u0000b' })?.items[0].type).toBe('InvalidCharacterError');
    expect(httpStatusOf(bodyHygieneError([{ x: [{ y: ['ok', '\u0000'] }] }])!)).toBe(400);
    expect(httpStatusOf(bodyHygieneError(JSON.parse('{"a\\u0000":1}'))!)).toBe(400);
  });
});
