import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { ApiError } from '../../common/errors/api-errors';
import { SocketAuthenticator } from '../socket-authenticator';
import type { EventSink } from './connection-queue';
import { FeedHub } from './feed-hub';
import { FeedSubscriptions } from './feed-subscriptions';
import { wireData } from './subscription';
import type { Subscription } from './subscription';

/** Packets a socket may have in engine.io's write buffer before its events wait in our bounded queue. */
const WRITE_BUFFER_PACKETS = 64;

interface EngineSocket {
  writeBuffer?: unknown[];
  on(event: 'drain', listener: () => void): void;
  close(): void;
}

/** The socket.io side of a connection's queue: ready while engine.io's buffer is short. */
export function socketSink(socket: Socket): EventSink {
  const conn = socket.conn as unknown as EngineSocket;
  return {
    ready: () => socket.connected && (conn.writeBuffer?.length ?? 0) < WRITE_BUFFER_PACKETS,
    send: (name, e) => {
      socket.emit(name, e ? wireData(e) : '{}');
    },
    onDrain: (flush) => conn.on('drain', flush),
  };
}

/**
 * The `/perspectives` namespace: the handshake is authenticated (SocketAuthenticator) and
 * subscribes with `p=` or `root=` + the hierarchy's filters; refused handshakes get
 * `connect_error` ("Unauthorized", "Perspective not found", …).
 */
@WebSocketGateway({ namespace: '/perspectives' })
export class PerspectivesGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket> {
  constructor(
    private readonly auth: SocketAuthenticator,
    private readonly subscriptions: FeedSubscriptions,
    private readonly hub: FeedHub,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use(this.auth.middleware());
    nsp.use((socket, next) => {
      this.subscriptions.resolve(socket.handshake.query as Record<string, unknown>).then(
        (sub) => {
          (socket.data as { sub?: Subscription }).sub = sub;
          next();
        },
        (e: unknown) => next(new Error(e instanceof ApiError ? (e.items[0]?.message ?? 'Bad request') : 'Bad request')),
      );
    });
  }

  handleConnection(socket: Socket): void {
    const sub = (socket.data as { sub?: Subscription }).sub;
    if (!sub) return void socket.disconnect(true);
    const remove = this.hub.register(sub, socketSink(socket), () => {
      // The transport closes (not a server "disconnect"), so the client reconnects, to another process.
      (socket.conn as unknown as EngineSocket).close();
    });
    socket.once('disconnect', remove);
  }
}
