import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CredentialsChanges } from '../common/credentials-changes';
import { ChangeListener } from '../database/change-listener';
import { DATABASE_TARGET, type DatabaseTarget } from '../database/database-target';
import type { TokenCredentials } from '../tokens/tokens.repository';
import { MetricsService } from '../metrics/metrics.service';

/** The channel the database triggers notify on a change to tokens, users or profiles. */
export const CREDENTIALS_CHANNEL = 'refocus_credentials';
const MAX_ENTRIES = 10_000;
/** A safety net only: every change clears the cache at once. */
const TTL_MS = 60_000;

/**
 * Token digest → what the token guard reads about the token, its owner and the owner's profile,
 * so that a request with a known token costs no database round trip.
 *
 * Cleared on every change, in every process (CONTRACT §2):
 * - in this process, synchronously: the repositories that change tokens, users or profiles
 *   announce each change through `CredentialsChanges` once it has committed, and the cache listens;
 * - in every process, by PostgreSQL: triggers on the three tables NOTIFY `refocus_credentials`
 *   (migration CredentialsChanged), and each process LISTENs on a dedicated connection. While
 *   that connection is down, nothing is cached (every request reads the database).
 *
 * The embedded engine is opened by one process only and does not forward notifications, so
 * there the synchronous clearing is all there is, and all that is needed.
 *
 * Nothing is cached for a digest that matches no token, and a lookup that was in flight while
 * the cache was cleared is not stored (it may have read the row before the change).
 */
@Injectable()
export class CredentialsCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CredentialsCache');
  private readonly entries = new LRUCache<string, TokenCredentials>({ max: MAX_ENTRIES, ttl: TTL_MS });
  private readonly listener?: ChangeListener;
  private enabled: boolean;
  /** Whether the loss of the notification connection has been logged since it last worked. */
  private warned = false;
  private generation = 0;
  /** Look-ups answered from memory and loaded from the database, and whether the cache is in use (metrics). */
  private readonly counted?: { hit: { inc(): void }; miss: { inc(): void }; listening: { set(v: number): void } };

  constructor(@Inject(DATABASE_TARGET) database: DatabaseTarget, changes: CredentialsChanges, @Optional() metrics?: MetricsService) {
    this.enabled = database.embedded;
    changes.onChange(() => this.clear());
    if (metrics) {
      this.counted = { hit: metrics.credentialsCache.labels('hit'), miss: metrics.credentialsCache.labels('miss'), listening: metrics.credentialsCacheListening };
      this.counted.listening.set(this.enabled ? 1 : 0);
    }
    if (!database.embedded) {
      this.listener = new ChangeListener(database.url, CREDENTIALS_CHANNEL, {
        onChange: () => this.clear(),
        onListening: () => {
          this.clear();
          this.enabled = true;
          this.counted?.listening.set(1);
          this.warned = false;
          this.logger.log('Listening for changes to tokens, users and profiles: token checks may use the cache');
        },
        onLost: () => {
          this.enabled = false;
          this.counted?.listening.set(0);
          this.clear();
          if (!this.warned) this.logger.warn('No working connection hears of token changes: every token check reads the database until there is one');
          this.warned = true;
        },
      });
    }
  }

  onModuleInit(): void {
    this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }

  /** Whether entries are being kept (false while no notification connection is up). */
  get active(): boolean {
    return this.enabled;
  }

  /** How many times the cache has been cleared (tests wait on it to see a notification arrive). */
  get clears(): number {
    return this.generation;
  }

  /** The cached credentials for a digest, if any (never while no notification connection is up). */
  peek(digest: string): TokenCredentials | undefined {
    const hit = this.enabled ? this.entries.get(digest) : undefined;
    if (hit) this.counted?.hit.inc();
    return hit;
  }

  /** The cached credentials for a digest, or the loader's answer (stored unless cleared meanwhile). */
  async get(digest: string, load: () => Promise<TokenCredentials | null>): Promise<TokenCredentials | null> {
    const hit = this.peek(digest);
    if (hit) return hit;
    const generation = this.generation;
    this.counted?.miss.inc();
    const loaded = await load();
    if (loaded && this.enabled && generation === this.generation) this.entries.set(digest, loaded);
    return loaded;
  }

  /** Forgets everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
