import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { ApiError } from '../../common/errors/api-errors';
import { SocketAuthenticator } from '../socket-authenticator';
import type { EventSink } from './connection-queue';
import type { FeedEvent } from './feed-types';
import { FeedHub } from './feed-hub';
import { FeedSubscriptions } from './feed-subscriptions';
import { wireData } from './subscription';
import type { Subscription } from './subscription';

/** Packets a socket may have in engine.io's write buffer before its events wait in our bounded queue. */
const WRITE_BUFFER_PACKETS = 64;
/**
 * Bytes a websocket's TCP socket may hold unsent before its events wait in our bounded queue:
 * batches are written to it directly (EventBatch), so this, not engine.io's buffer, is what
 * grows while a client does not read.
 */
export const TCP_BUFFER_BYTES = 1024 * 1024;

/** The parts of a TCP socket we use. */
interface TcpSocket {
  writableLength: number;
  writable: boolean;
  destroyed: boolean;
  cork(): void;
  uncork(): void;
  write(data: Buffer): boolean;
  on(event: 'drain', listener: () => void): void;
}

/** The parts of the `ws` WebSocket (and its sender) we look at before writing frames around it. */
interface WsSocket {
  readyState: number;
  _socket?: TcpSocket;
  _extensions?: Record<string, unknown>;
  _sender?: { _queue?: unknown[]; _bufferedBytes?: number; _state?: number };
}

interface EngineTransport {
  name?: string;
  send(packets: unknown[]): void;
  /** The websocket transport's `ws` socket, and its TCP socket. */
  socket?: WsSocket;
}

interface EngineSocket {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: EngineTransport;
  on(event: 'drain' | 'upgrade', listener: () => void): void;
  close(): void;
}

/** `ws`'s OPEN readyState. */
const WS_OPEN = 1;

/**
 * The TCP socket of a connection's websocket when whole frames can be written to it directly,
 * in order with what engine.io wrote: a websocket transport (not polling, not upgrading), open,
 * nothing waiting in engine.io's write buffer (it would be overtaken), nothing queued or
 * compressed in `ws`'s sender (no per-message deflate). What engine.io wrote before is already
 * in the TCP socket (the sender writes through at once), so whole frames only ever follow
 * whole frames, pings and pongs included.
 */
function directSocket(conn: EngineSocket): TcpSocket | undefined {
  const transport = conn.transport;
  if (conn.readyState !== 'open' || conn.upgrading || transport?.name !== 'websocket' || conn.writeBuffer?.length) return undefined;
  const ws = transport.socket;
  if (!ws || ws.readyState !== WS_OPEN || (ws._extensions && Object.keys(ws._extensions).length)) return undefined;
  const sender = ws._sender;
  if (!sender || sender._queue?.length || sender._bufferedBytes || sender._state) return undefined;
  const tcp = ws._socket;
  return tcp && tcp.writable && !tcp.destroyed ? tcp : undefined;
}

const batched = new WeakSet<EngineTransport>();

/**
 * Makes a websocket transport write each batch of packets engine.io hands it (everything that
 * waited while the previous write was in flight) in one write of its TCP socket: without it,
 * every event to every client was a system call of its own (docs/PERFORMANCE.md, realtime).
 */
function batchWrites(transport: EngineTransport | undefined): void {
  const tcp = transport?.socket?._socket;
  if (!transport || !tcp || batched.has(transport)) return;
  batched.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    tcp.cork();
    try {
      send(packets);
    } finally {
      tcp.uncork();
    }
  };
}

interface Encoded {
  packets: unknown;
  opts: Record<string, unknown>;
}

/** The parts of socket.io that broadcasting uses: encode a packet once, write it to many clients. */
interface Broadcasting {
  adapter: { _encode(packet: unknown, opts: Record<string, unknown>): unknown };
}

/** Each event's encoded socket.io packet (and websocket frame), shared by every connection that gets it. */
const packetCache = new WeakMap<object, Map<string, Encoded>>();

function encodedEvent(socket: Socket, e: FeedEvent): Encoded {
  const source = e.source as object;
  let byName = packetCache.get(source);
  if (!byName) packetCache.set(source, (byName = new Map()));
  let hit = byName.get(e.name);
  if (!hit) {
    const opts: Record<string, unknown> = { preEncoded: true, compress: true };
    // socket.io packet type 2 = EVENT; the adapter encodes it as a broadcast does (once for all).
    const packets = (socket.nsp as unknown as Broadcasting).adapter._encode({ type: 2, data: [e.name, wireData(e)], nsp: socket.nsp.name }, opts);
    byName.set(e.name, (hit = { packets, opts }));
  }
  return hit;
}

/** The TCP socket under a websocket transport, whatever else holds. */
function tcpOf(conn: EngineSocket): TcpSocket | undefined {
  return conn.transport?.name === 'websocket' ? conn.transport.socket?._socket : undefined;
}

/**
 * The socket.io side of a connection's queue: ready while engine.io's buffer is short and the
 * TCP socket is not backed up. A batch (a message's events for the view) is written whole, as
 * websocket frames built once for the view, when the connection allows it (directSocket);
 * otherwise each event goes through engine.io, encoded once and shared as a broadcast is.
 */
export function socketSink(socket: Socket): EventSink {
  const conn = socket.conn as unknown as EngineSocket;
  const client = socket.client as unknown as { writeToEngine(packets: unknown, opts: Record<string, unknown>): void };
  const drainListeners: (() => void)[] = [];
  const watched = new WeakSet<TcpSocket>();
  /** Our direct writes bypass engine.io, so its `drain` does not tell when the TCP socket drained: listen there too. */
  const watchTcp = () => {
    const tcp = tcpOf(conn);
    if (!tcp || watched.has(tcp)) return;
    watched.add(tcp);
    tcp.on('drain', () => drainListeners.forEach((f) => f()));
  };
  return {
    ready: () =>
      socket.connected && (conn.writeBuffer?.length ?? 0) < WRITE_BUFFER_PACKETS && (tcpOf(conn)?.writableLength ?? 0) < TCP_BUFFER_BYTES,
    send: (name, e) => {
      if (!e?.source || typeof (socket.nsp as unknown as Broadcasting).adapter?._encode !== 'function') {
        socket.emit(name, e ? wireData(e) : '{}');
        return;
      }
      const { packets, opts } = encodedEvent(socket, e);
      batchWrites(conn.transport);
      client.writeToEngine(packets, opts);
    },
    sendBatch: (batch) => {
      if (!socket.connected) return false;
      const tcp = directSocket(conn);
      if (!tcp || tcp.writableLength >= TCP_BUFFER_BYTES) return false;
      watchTcp();
      tcp.write(batch.websocketFrames(socket.nsp.name));
      return true;
    },
    onDrain: (flush) => {
      drainListeners.push(flush);
      conn.on('drain', flush);
      watchTcp();
      conn.on('upgrade', watchTcp);
    },
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
          // every process's writers know someone listens before this client loads anything
          void this.hub.announce().then(() => next());
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
