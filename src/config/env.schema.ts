import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  return value;
};

/** The environment variables the service understands; validated once at boot. */
export class EnvSchema {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1)
  DATA_DIR: string = './data';

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  SECRET_KEY?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString()
  CORS_ROUTES: string = '';

  @IsOptional() @IsString()
  CORS_ORIGINS: string = '';

  @IsOptional() @Transform(toBool) @IsBoolean()
  REJECT_LOCAL_USER_REGISTRATION: boolean = false;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024)
  BULK_UPSERT_MAX_BYTES: number = 52428800;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100)
  SAMPLE_TIMEOUT_INTERVAL_MS: number = 30000;

  /** Perspective pages: realtime changes are handed to a lens in one batch per interval (ms); 0 = each at once. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60000)
  REALTIME_EVENT_THROTTLE_MS: number = 1000;

  /** The heartbeatIntervalMillis sent to collectors. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100)
  COLLECTOR_HEARTBEAT_INTERVAL_MILLIS: number = 15000;

  /** How late a heartbeat may be before its collector is marked MissedHeartbeat. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0)
  COLLECTOR_HEARTBEAT_LATENCY_TOLERANCE_MILLIS: number = 5000;

  /** Days of sample status history kept (issue 18). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(36500)
  STATUS_HISTORY_DAYS: number = 30;

  /** Days of audit events kept (issue 18). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(36500)
  AUDIT_RETENTION_DAYS: number = 365;

  /** Redis for the realtime feed's fan-out between processes (issue 13); unset: PostgreSQL LISTEN/NOTIFY, or in process on the embedded engine. */
  @IsOptional() @IsString() @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Events one realtime connection may have waiting; beyond it the queue is dropped and the client told to resync. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(1000000)
  REALTIME_QUEUE_MAX: number = 5000;

  /** Interval of the SSE keep-alive comment (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(3600000)
  REALTIME_SSE_HEARTBEAT_MS: number = 15000;

  /** How often the credentials of open realtime connections are re-checked (ms); revocations take effect within it. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  REALTIME_AUTH_CHECK_MS: number = 1000;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  /** Opening a database connection, or waiting for a free one in the pool (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100)
  DB_CONNECT_TIMEOUT_MS: number = 3000;

  /** Time limit of one statement of an API request (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100)
  DB_QUERY_TIMEOUT_MS: number = 5000;

  /** Time limit of one statement of bulk work: bulk upserts, jobs, migrations (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100)
  DB_BULK_QUERY_TIMEOUT_MS: number = 60000;

  /** Connections in the database pool (the embedded engine always uses one). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  DB_POOL_MAX: number = 10;

  /** After SIGTERM/SIGINT, how long in-flight requests may take before connections are closed (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 10000;

  /** Port of the Prometheus /metrics listener; unset: no metrics listener. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  METRICS_PORT?: number;

  /** Express "trust proxy": false, a hop count, or a comma list of addresses/subnets. */
  @IsOptional() @IsString()
  TRUST_PROXY: string = 'false';
}
