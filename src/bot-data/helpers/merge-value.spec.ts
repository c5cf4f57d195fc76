import { mergeBotDataValue } from './merge-value';

describe('mergeBotDataValue', () => {
  it('merges two JSON objects shallowly, the new keys winning', () => {
    expect(JSON.parse(mergeBotDataValue('{"a":1,"b":{"x":1}}', '{"b":{"y":2},"c":3}'))).toEqual({ a: 1, b: { y: 2 }, c: 3 });
  });
  it('replaces otherwise', () => {
    expect(mergeBotDataValue('[1]', '{"a":1}')).toBe('{"a":1}');
    expect(mergeBotDataValue('{"a":1}', 'text')).toBe('text');
    expect(mergeBotDataValue('x', '[2]')).toBe('[2]');
  });
});
