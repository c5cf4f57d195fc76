import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { startEventStream } from '../event-stream';
import { SocketAuthenticator } from '../socket-authenticator';
import type { EventSink } from './connection-queue';
import { FeedHub } from './feed-hub';
import { FeedSubscriptions } from './feed-subscriptions';
import { payloadJson } from './subscription';
import { sseMessage } from './event-batch';

/** The SSE side of a connection's queue: one `event:`/`data:` message per event; ready while the socket drains. */
function sseSink(res: Response): EventSink {
  return {
    ready: () => !res.writableNeedDrain,
    send: (name, e) => {
      // The events of one flush leave in one write (the stream's buffer), not one system call each.
      if (!res.writableCorked) {
        res.cork();
        process.nextTick(() => res.uncork());
      }
      res.write(sseMessage(name, e ? payloadJson(e) : '{}'));
    },
    // A whole message's events for the view, as text built once for every connection of the view.
    sendBatch: (batch) => {
      if (res.writableNeedDrain || res.writableEnded) return false;
      res.write(batch.sseBytes());
      return true;
    },
    onDrain: (flush) => res.on('drain', flush),
  };
}

/**
 * The feed for scripts, as Server-Sent Events: the same subscriptions and events as the
 * socket.io namespace, a comment line every REALTIME_SSE_HEARTBEAT_MS, closed when the token
 * is revoked (the guard authenticated the request; the token is watched like a socket's).
 */
@Injectable()
export class FeedSseService {
  constructor(
    private readonly subscriptions: FeedSubscriptions,
    private readonly hub: FeedHub,
    private readonly auth: SocketAuthenticator,
    private readonly config: AppConfig,
  ) {}

  async open(req: Request, res: Response, query: Record<string, unknown>): Promise<void> {
    const sub = await this.subscriptions.resolve(query);
    await this.hub.announce();
    const end = startEventStream(res);
    const remove = this.hub.register(sub, sseSink(res), end);
    const unwatch = this.auth.watch({ kind: 'token', header: String(req.headers.authorization ?? '') }, end);
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) res.write(': heartbeat\n\n');
    }, this.config.realtimeSseHeartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unwatch();
      remove();
    });
  }
}
