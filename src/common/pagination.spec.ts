import { linkHeader } from './pagination';

describe('linkHeader', () => {
  it('links the next page only while records follow, the previous one only after the first', () => {
    expect(linkHeader('/v1/x?limit=5', 5, 0, 12)).toBe('</v1/x?limit=5&offset=5>; rel="next"');
    expect(linkHeader('/v1/x?limit=5&offset=5', 5, 5, 12)).toBe('</v1/x?limit=5&offset=0>; rel="prev", </v1/x?limit=5&offset=10>; rel="next"');
    expect(linkHeader('/v1/x?offset=10&limit=5', 5, 10, 12)).toBe('</v1/x?limit=5&offset=5>; rel="prev"');
  });

  it('never points at the page it came from, nor adds the limit to the offset text', () => {
    // the original concatenated: ?offset=10 with the default limit gave offset=10010
    expect(linkHeader('/v1/x?offset=10', 10000, 10, 30)).toBe('</v1/x?offset=0>; rel="prev"');
    expect(linkHeader('/v1/x', 10000, 0, 30)).toBeUndefined();
    expect(linkHeader('/v1/x?limit=2&offset=3', 2, 3, 4)).toBe('</v1/x?limit=2&offset=1>; rel="prev"');
  });

  it('keeps every other parameter as sent', () => {
    expect(linkHeader('/v1/x?name=a*&offset=2&limit=2&tags=a,b', 2, 2, 9)).toBe(
      '</v1/x?name=a*&limit=2&tags=a,b&offset=0>; rel="prev", </v1/x?name=a*&limit=2&tags=a,b&offset=4>; rel="next"',
    );
  });
});
