import { corsOptions, CorsRouteMatcher, normalisePrefix } from './cors-routes';

describe('CorsRouteMatcher', () => {
  const bots = new CorsRouteMatcher(['/v1/bots', '/v1/botActions', '/v1/botData']);

  it('matches a listed prefix and its sub-paths, ignoring case', () => {
    for (const p of ['/v1/bots', '/v1/bots/', '/v1/bots/x', '/v1/bots/x/y', '/V1/BOTS', '/v1/BotActions', '/v1/botactions/1', '/v1/botdata']) {
      expect(bots.matches(p)).toBe(true);
    }
  });

  it('matches whole path segments only', () => {
    for (const p of ['/v1/botsx', '/v1/bot', '/v1/botActionsX', '/v1/botDatax/1', '/v1', '/v1/', '/', '/v2/bots', '/x/v1/bots', '/v1/profiles', '']) {
      expect(bots.matches(p)).toBe(false);
    }
    expect(new CorsRouteMatcher(['/v1/bots']).matches('/v1/botActions')).toBe(false);
  });

  it('treats entries the way the config hands them over: trimmed, any case, trailing slash ignored', () => {
    const m = new CorsRouteMatcher([' /V1/Subjects/ ', '/v1/health//']);
    expect(m.routes).toEqual(['/v1/subjects', '/v1/health']);
    expect(m.matches('/v1/subjects/a.b')).toBe(true);
    expect(m.matches('/v1/healthz')).toBe(false);
  });

  it('is empty when nothing (or nothing usable) is listed, and then matches nothing', () => {
    for (const routes of [[], [''], ['  '], ['v1/bots']]) {
      const m = new CorsRouteMatcher(routes);
      expect(m.isEmpty).toBe(true);
      expect(m.matches('/v1/bots')).toBe(false);
      expect(m.matches('/')).toBe(false);
    }
  });

  it('lets the root entry cover everything, because the operator asked for it explicitly', () => {
    const m = new CorsRouteMatcher(['/']);
    expect(m.matches('/')).toBe(true);
    expect(m.matches('/v1/anything')).toBe(true);
  });

  it('normalisePrefix rejects entries that are not paths', () => {
    expect(normalisePrefix('bots')).toBeUndefined();
    expect(normalisePrefix('/')).toBe('/');
    expect(normalisePrefix('///')).toBe('/');
    expect(normalisePrefix('/A/B/')).toBe('/a/b');
  });
});

describe('corsOptions', () => {
  it('uses * without an allow-list, explicit methods and headers, never credentials', () => {
    const o = corsOptions([]);
    expect(o.origin).toBe('*');
    expect(o.methods).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    expect(o.allowedHeaders).toBe('Authorization, Content-Type');
    expect(o.credentials).toBe(false);
    expect(o.optionsSuccessStatus).toBe(204);
    expect(corsOptions(['*', 'https://a.example']).origin).toBe('*');
  });

  it('reflects only listed origins, lower-cased, and never the literal null origin', () => {
    expect(corsOptions(['https://A.example', 'null', 'http://b.example:8080/']).origin).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
  });
});
