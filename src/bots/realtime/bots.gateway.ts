import { OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Server, Socket } from 'socket.io';
import type { AuthenticatedUser } from '../../auth/caller';
import { SocketAuthenticator } from '../../realtime/socket-authenticator';
import { RoomContextRepository } from '../room-context.repository';
import { BOT_EVENT_PREFIX, BotFeed, BotFeedMessage } from './bot-feed';
import { isRoomToken, maySpeakForBot } from '../../writers/policy';

/** socket.io room of every socket of one bot, by id and by name (lower case). */
const byId = (id: string) => `bot-id:${id}`;
const byName = (name: string) => `bot-name:${name.toLowerCase()}`;

/**
 * Bots on the root namespace `/`, as the BDK connects (socket.io-client 2.x, Engine.IO v3):
 * the bot token in the `Authorization` header, `query.id` = the bot's id. A bot token may only
 * connect as its own bot; room tokens are refused. A bot's sockets receive what concerns the
 * rooms that bot is in (actions and data: only its own), with the original's event names and
 * JSON-string payloads.
 */
@WebSocketGateway()
export class BotsGateway implements OnGatewayInit<Server>, OnGatewayConnection<Socket>, OnModuleDestroy {
  private unsubscribe?: () => void;
  private nsp?: Namespace;

  constructor(
    private readonly auth: SocketAuthenticator,
    private readonly rooms: RoomContextRepository,
    private readonly feed: BotFeed,
  ) {}

  /** Nest hands the root gateway the server itself; its namespace `/` is what we use. */
  afterInit(server: Server): void {
    const nsp = server.of('/');
    this.nsp = nsp;
    nsp.use(this.auth.middleware());
    nsp.use((socket, next) => {
      this.botOf(socket).then(
        (bot) => {
          if (!bot) return next(new Error('Bot not found'));
          (socket.data as { bot?: { id: string; name: string } }).bot = bot;
          next();
        },
        () => next(new Error('Bad request')),
      );
    });
    this.unsubscribe = this.feed.subscribe((m) => deliver(nsp, m));
  }

  handleConnection(socket: Socket): void {
    const bot = (socket.data as { bot?: { id: string; name: string } }).bot;
    if (!bot) return void socket.disconnect(true);
    void socket.join([byId(bot.id), byName(bot.name)]);
  }

  /** Ids of the bots with a socket on this process (each once). */
  connectedBots(): string[] {
    const ids = [...(this.nsp?.sockets.values() ?? [])].map((s) => (s.data as { bot?: { id: string } }).bot?.id);
    return [...new Set(ids.filter((id): id is string => !!id))];
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The bot this socket speaks for: `query.id` (id or name), which a bot token must match. */
  private async botOf(socket: Socket): Promise<{ id: string; name: string } | null> {
    const user = (socket.data as { user?: AuthenticatedUser }).user;
    const raw = socket.handshake.query.id;
    const key = typeof raw === 'string' && raw ? raw : user?.tokenKind === 'bot' ? user.tokenBoundId : null;
    if (!user || isRoomToken(user) || !key) return null;
    const bot = await this.rooms.findBot(key);
    if (!bot || !maySpeakForBot(user, bot.id)) return null;
    return { id: bot.id, name: bot.name };
  }
}

/** To the bot the change is for (actions, data), or to every bot of its room (events, room changes). */
function deliver(nsp: Namespace, m: BotFeedMessage): void {
  const to = m.botId ? [byId(m.botId)] : m.roomBots.map(byName);
  if (to.length) nsp.to(to).emit(BOT_EVENT_PREFIX + m.name, m.data);
}
