import type { Request } from 'express';
import { safeReturn, sameOrigin } from './web.service';

describe('safeReturn', () => {
  it('keeps paths on this site', () => {
    expect(safeReturn('/tokens/new')).toBe('/tokens/new');
    expect(safeReturn('/tokens?x=1#y')).toBe('/tokens?x=1#y');
  });
  it('refuses anything that could leave the site', () => {
    for (const ru of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42, ['/a'], '/a\nb']) {
      expect(safeReturn(ru)).toBe('/tokens');
    }
  });
});

describe('sameOrigin', () => {
  const req = (headers: Record<string, string>): Request =>
    ({ protocol: 'http', get: (h: string) => (h.toLowerCase() === 'host' ? 'app.test' : headers[h.toLowerCase()]) }) as unknown as Request;
  it('accepts same-origin posts and posts without Origin', () => {
    expect(sameOrigin(req({}))).toBe(true);
    expect(sameOrigin(req({ origin: 'http://app.test' }))).toBe(true);
    expect(sameOrigin(req({ origin: 'null', 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });
  it('refuses other origins, null origins and cross-site fetches', () => {
    expect(sameOrigin(req({ origin: 'https://evil.example' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'http://app.test.evil.example' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'null' }))).toBe(false);
    expect(sameOrigin(req({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(sameOrigin(req({ 'sec-fetch-site': 'same-site', origin: 'http://app.test' }))).toBe(false);
  });
});
