import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.corsRoutes).toEqual([]);
    expect(c.bulkUpsertMaxBytes).toBe(52428800);
    expect(c.rejectLocalUserRegistration).toBe(false);
    expect(c.sampleTimeoutIntervalMs).toBe(30000);
  });

  it('parses lists, booleans and numbers', () => {
    const c = loadConfig({
      PORT: '8080',
      CORS_ROUTES: ' /v1/bots , /V1/botActions,',
      REJECT_LOCAL_USER_REGISTRATION: 'true',
      BULK_UPSERT_MAX_BYTES: '2048',
      TRUST_PROXY: '1',
    });
    expect(c.port).toBe(8080);
    expect(c.corsRoutes).toEqual(['/v1/bots', '/v1/botactions']);
    expect(c.rejectLocalUserRegistration).toBe(true);
    expect(c.bulkUpsertMaxBytes).toBe(2048);
    expect(c.trustProxy).toBe(1);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        BULK_UPSERT_MAX_BYTES: '-5',
        CORS_ROUTES: 'v1/bots',
        LOG_LEVEL: 'chatty',
        REJECT_LOCAL_USER_REGISTRATION: 'maybe',
        SECRET_KEY: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'BULK_UPSERT_MAX_BYTES', 'CORS_ROUTES', 'LOG_LEVEL', 'REJECT_LOCAL_USER_REGISTRATION', 'SECRET_KEY']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('short'); // the secret's value is never echoed
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) }).isProduction).toBe(true);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  it('accepts false, true, a hop count, and lists of named ranges, addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const v of ['loopback', 'loopback, 10.0.0.0/8', '192.168.1.1,fe80::/10', '10.0.0.0/255.0.0.0']) {
      expect(loadConfig({ TRUST_PROXY: v }).trustProxy).toBe(v);
    }
  });

  it('stops start-up with a clear message on anything Express would not understand', () => {
    for (const v of ['junk', 'Loopback', '10.0.0.0/33', '1.2.3', '10.0.0.1, nope']) {
      expect(() => loadConfig({ TRUST_PROXY: v })).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('loadConfig: database limits, shutdown and metrics (issue 12)', () => {
  it('has defaults for every limit and no metrics listener unless asked', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dbConnectTimeoutMs: 3000, dbQueryTimeoutMs: 5000, dbBulkQueryTimeoutMs: 60000, dbPoolMax: 10, shutdownTimeoutMs: 10000 });
    expect(c.metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464', SHUTDOWN_TIMEOUT_MS: '0' })).toMatchObject({ metricsPort: 9464, shutdownTimeoutMs: 0 });
  });

  it('names every bad value at once, and refuses metrics on the API port', () => {
    expect(() => loadConfig({ DB_QUERY_TIMEOUT_MS: '5', DB_POOL_MAX: '0', METRICS_PORT: 'x' })).toThrow(/DB_QUERY_TIMEOUT_MS.*DB_POOL_MAX.*METRICS_PORT/);
    expect(() => loadConfig({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from PORT/);
  });
});
