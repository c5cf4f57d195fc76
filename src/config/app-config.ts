import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isIP } from 'node:net';
import { EnvSchema } from './env.schema';

/** Raised when one or more environment variables are invalid; names every bad one. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Typed, validated configuration. The only reader of process.env is loadConfig(). */
export class AppConfig {
  port!: number;
  databaseUrl?: string;
  dataDir!: string;
  secretKey?: string;
  adminPassword?: string;
  corsRoutes!: string[];
  corsOrigins!: string[];
  rejectLocalUserRegistration!: boolean;
  bulkUpsertMaxBytes!: number;
  sampleTimeoutIntervalMs!: number;
  realtimeEventThrottleMs!: number;
  collectorHeartbeatIntervalMillis!: number;
  collectorHeartbeatLatencyToleranceMillis!: number;
  statusHistoryDays!: number;
  auditRetentionDays!: number;
  logLevel!: string;
  nodeEnv!: string;
  redisUrl?: string;
  realtimeQueueMax!: number;
  realtimeSseHeartbeatMs!: number;
  realtimeAuthCheckMs!: number;
  trustProxy!: boolean | number | string;
  dbConnectTimeoutMs!: number;
  dbQueryTimeoutMs!: number;
  dbBulkQueryTimeoutMs!: number;
  dbPoolMax!: number;
  shutdownTimeoutMs!: number;
  metricsPort?: number;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

const KNOWN = Object.keys(new EnvSchema());

function splitList(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function parseTrustProxy(v: string): boolean | number | string {
  const t = v.trim().toLowerCase();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t);
  return v.trim();
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A TRUST_PROXY list entry: a proxy-addr name, an address, or address/prefix-length or address/netmask. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [addr, range, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

/** Express would throw an obscure error on a bad address list at start-up; name it here instead. */
function badTrustProxy(value: boolean | number | string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bad = value.split(',').map((e) => e.trim()).filter((e) => !isProxyAddress(e));
  return bad.length ? `TRUST_PROXY: expected false, true, a hop count or a list of addresses/subnets (bad: ${bad.join(', ')})` : undefined;
}

/**
 * Validates the environment (every variable at once) and returns the typed config.
 * Empty strings count as unset.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const k of KNOWN) {
    const v = env[k];
    if (v !== undefined && v !== '') raw[k] = v;
  }
  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const problems = validateSync(parsed, { forbidUnknownValues: false }).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
  );
  const corsRoutes = splitList(parsed.CORS_ROUTES).map((r) => r.toLowerCase());
  const badRoutes = corsRoutes.filter((r) => !/^\/[^\s,]*$/.test(r));
  if (badRoutes.length) problems.push(`CORS_ROUTES: every entry must start with "/" (bad: ${badRoutes.join(', ')})`);
  const corsOrigins = splitList(parsed.CORS_ORIGINS);
  const badOrigins = corsOrigins.filter((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/i.test(o));
  if (badOrigins.length) problems.push(`CORS_ORIGINS: every entry must be an origin like https://example.com (bad: ${badOrigins.join(', ')})`);
  const trustProxy = parseTrustProxy(parsed.TRUST_PROXY);
  const trustProblem = badTrustProxy(trustProxy);
  if (trustProblem) problems.push(trustProblem);
  if (parsed.METRICS_PORT !== undefined && parsed.METRICS_PORT !== 0 && parsed.METRICS_PORT === parsed.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (metrics are served on a port of their own)');
  }
  if (parsed.NODE_ENV === 'production' && !parsed.SECRET_KEY) {
    problems.push('SECRET_KEY: required when NODE_ENV=production');
  }
  if (problems.length) throw new ConfigValidationError(problems);

  return Object.assign(new AppConfig(), {
    port: parsed.PORT,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: parsed.DATA_DIR,
    secretKey: parsed.SECRET_KEY,
    adminPassword: parsed.ADMIN_PASSWORD,
    corsRoutes,
    corsOrigins,
    rejectLocalUserRegistration: parsed.REJECT_LOCAL_USER_REGISTRATION,
    bulkUpsertMaxBytes: parsed.BULK_UPSERT_MAX_BYTES,
    sampleTimeoutIntervalMs: parsed.SAMPLE_TIMEOUT_INTERVAL_MS,
    realtimeEventThrottleMs: parsed.REALTIME_EVENT_THROTTLE_MS,
    collectorHeartbeatIntervalMillis: parsed.COLLECTOR_HEARTBEAT_INTERVAL_MILLIS,
    collectorHeartbeatLatencyToleranceMillis: parsed.COLLECTOR_HEARTBEAT_LATENCY_TOLERANCE_MILLIS,
    statusHistoryDays: parsed.STATUS_HISTORY_DAYS,
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
    logLevel: parsed.LOG_LEVEL,
    nodeEnv: parsed.NODE_ENV,
    redisUrl: parsed.REDIS_URL,
    realtimeQueueMax: parsed.REALTIME_QUEUE_MAX,
    realtimeSseHeartbeatMs: parsed.REALTIME_SSE_HEARTBEAT_MS,
    realtimeAuthCheckMs: parsed.REALTIME_AUTH_CHECK_MS,
    trustProxy,
    dbConnectTimeoutMs: parsed.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: parsed.DB_QUERY_TIMEOUT_MS,
    dbBulkQueryTimeoutMs: parsed.DB_BULK_QUERY_TIMEOUT_MS,
    dbPoolMax: parsed.DB_POOL_MAX,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    metricsPort: parsed.METRICS_PORT,
  });
}
