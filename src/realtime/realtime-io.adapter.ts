import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/** Largest message a client may send over socket.io (clients of the feed only listen; bots send small JSON). */
export const SOCKET_MAX_MESSAGE_BYTES = 1_000_000;

/**
 * The one socket.io server of the application, on its own HTTP server at `/socket.io`: every
 * gateway (its namespace) shares it. Engine.IO v3 clients (socket.io 2.x) are accepted; no
 * CORS (a page of another origin cannot open it; the page of this origin needs none).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private server?: Server;

  constructor(app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    if (this.server) return this.server;
    this.server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      allowEIO3: true,
      serveClient: false,
      maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
      cors: undefined,
    }) as Server;
    return this.server;
  }
}
