import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { DATABASE_TARGET, type DatabaseTarget } from '../database/database-target';
import { MemoryTransport, PostgresTransport, RealtimeBus, RedisTransport } from './realtime-bus';
import { FeedEventsController } from './feed/feed-events.controller';
import { FeedHub } from './feed/feed-hub';
import { FeedPublisher } from './feed/feed-publisher';
import { FeedRepository } from './feed/feed.repository';
import { FeedSseService } from './feed/feed-sse.service';
import { FeedSubscriptions } from './feed/feed-subscriptions';
import { PerspectivesGateway } from './feed/perspectives.gateway';
import { RealtimeRepository } from './realtime.repository';
import { SocketAuthenticator } from './socket-authenticator';

/** The bus's transport: Redis when REDIS_URL is set, else LISTEN/NOTIFY on a real PostgreSQL, else in process. */
function busFor(config: AppConfig, database: DatabaseTarget, db: RealtimeRepository): RealtimeBus {
  if (config.redisUrl) return new RealtimeBus(new RedisTransport(config.redisUrl, db));
  if (!database.embedded) return new RealtimeBus(new PostgresTransport(database.url, db));
  return new RealtimeBus(new MemoryTransport());
}

/** Starts the bus with the application and stops it last. */
class BusLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(RealtimeBus) private readonly bus: RealtimeBus) {}

  onModuleInit(): Promise<void> {
    return this.bus.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.bus.stop();
  }
}

/**
 * The realtime feed: the cross-process bus (RealtimeBus), the handshake authenticator for every
 * gateway (SocketAuthenticator), the /perspectives namespace and the SSE routes.
 */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [FeedEventsController],
  providers: [
    { provide: RealtimeBus, useFactory: busFor, inject: [AppConfig, DATABASE_TARGET, RealtimeRepository] },
    BusLifecycle,
    RealtimeRepository,
    SocketAuthenticator,
    FeedRepository,
    FeedPublisher,
    FeedSubscriptions,
    FeedHub,
    FeedSseService,
    PerspectivesGateway,
  ],
  exports: [RealtimeBus, SocketAuthenticator, FeedPublisher],
})
export class RealtimeModule {}
