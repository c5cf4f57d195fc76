import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, AuthenticationError, NotFoundError } from '../../common/errors/api-errors';
import { readZip } from '../../common/zip/zip-reader';
import { ZIP_EXPAND_LIMITS } from '../../common/zip/zip-upload';
import { BotsRepository } from '../../bots/bots.repository';
import { BotFeed, BotFeedMessage } from '../../bots/realtime/bot-feed';
import { EventsService } from '../../events/events.service';
import { SocketAuthenticator } from '../../realtime/socket-authenticator';
import { RoomTypesService } from '../../room-types/room-types.service';
import { RoomsService } from '../../rooms/rooms.service';
import { TokensService } from '../../tokens/tokens.service';
import { ResourceKind } from '../../writers/resource-kind';
import { WritersService } from '../../writers/writers.service';
import { startEventStream } from '../../realtime/event-stream';
import { sendLivePage } from '../live-page';
import { messagePage } from '../templates';
import { SignedIn, WebService } from '../web.service';
import { botFrameCsp, botFrameHtml } from './bot-frame';
import { RoomPageBot, roomPage } from './room-templates';
import { httpStatusOf } from '../../common/errors/api-exception.filter';

/** How long a room-view token lives: the frames of one page view use it; a reload mints another. */
export const ROOM_TOKEN_TTL_MS = 60 * 60 * 1000;
/** A bot that sent a heartbeat this recently is shown online. */
const ONLINE_MS = 3 * 60 * 1000;
const loginFor = (target: string): string => `/login?ru=${encodeURIComponent(target).replace(/%2F/g, '/')}`;

/** The room page, its active toggle, its event stream and the bot frames (BOTS.md). */
@Injectable()
export class RoomPagesService {
  constructor(
    private readonly web: WebService,
    private readonly rooms: RoomsService,
    private readonly types: RoomTypesService,
    private readonly bots: BotsRepository,
    private readonly events: EventsService,
    private readonly feed: BotFeed,
    private readonly tokens: TokensService,
    private readonly writers: WritersService,
    private readonly sockets: SocketAuthenticator,
  ) {}

  async view(req: Request, res: Response, key: string): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor(`/rooms/${encodeURIComponent(key)}`));
    const room = await this.rooms.find(key).catch(ignoreNotFound);
    if (!room) return sendLivePage(res, 404, (nonce) => messagePage(this.web.ctx(me, nonce), 'No such room', `There is no room “${key}”.`));
    const [type, bots, events, canEdit] = await Promise.all([
      this.types.get(room.type),
      Promise.all(room.bots.map((b) => this.bots.findByKey(b))),
      this.events.list(me.caller, { roomId: String(room.id), sort: '-createdAt', limit: '100' }),
      this.canEdit(me, room.id),
    ]);
    const shown: RoomPageBot[] = bots.flatMap((b) => (b ? [pageBot(b)] : []));
    const data = {
      room: { id: room.id, name: room.name, active: room.active, externalId: room.externalId ?? undefined },
      typeName: String(type.name),
      canEdit,
      bots: shown,
      events: events.items.map((e) => ({ id: String(e.id), log: String(e.log), createdAt: String(e.createdAt) })),
    };
    sendLivePage(res, 200, (nonce) => roomPage(this.web.ctx(me, nonce), data));
  }

  /** POST /rooms/{id}/active: the room's writers only; a forged post changes nothing. */
  async toggle(req: Request, res: Response, key: string, form: Record<string, unknown>): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor(`/rooms/${encodeURIComponent(key)}`));
    const fail = (status: number, message: string) => sendLivePage(res, status, (nonce) => messagePage(this.web.ctx(me, nonce), 'Nothing changed', message));
    if (!this.web.validPost(req, me, form)) return fail(403, 'This form has expired or was sent from another site, so nothing was done.');
    try {
      const room = await this.rooms.find(key);
      await this.assertWriter(me, room.id);
      await this.rooms.patch(me.caller, String(room.id), { active: form.active === 'true' }, false);
      res.redirect(303, `/rooms/${room.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      fail(httpStatusOf(e), e.items[0]?.message ?? 'Nothing changed.');
    }
  }

  /** The bot's UI for this viewer, with a fresh room-view token (never the viewer's session). */
  async frame(req: Request, res: Response, key: string, botName: string): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) throw new AuthenticationError();
    const room = await this.rooms.find(key).catch(ignoreNotFound);
    const inRoom = room?.bots.some((b) => b.toLowerCase() === botName.toLowerCase());
    const bot = room && inRoom ? await this.bots.findByKey(botName, true) : null;
    if (!room || !bot) return void res.status(404).type('text/plain').send('No such bot in this room.');
    const files = bot.ui ? await readZip(bot.ui, ZIP_EXPAND_LIMITS).catch(() => new Map<string, Buffer>()) : new Map<string, Buffer>();
    const { secret } = await this.tokens.issueBoundToken(me.caller.id, {
      kind: 'room',
      boundId: String(room.id),
      name: `room ${room.name} view`,
      expiresAt: new Date(Date.now() + ROOM_TOKEN_TTL_MS),
    });
    const user = { id: me.caller.id, name: me.caller.name, email: me.caller.email };
    res.status(200);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', botFrameCsp(originOf(req)));
    res.send(botFrameHtml({ botName: bot.name, files, user, token: secret }));
  }

  /** The room's changes as Server-Sent Events (`event: change`), for the page; ends when the session does. */
  async stream(req: Request, res: Response, key: string): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) throw new AuthenticationError();
    const room = await this.rooms.find(key).catch(ignoreNotFound);
    if (!room) return void res.status(404).type('text/plain').send('No such room.');
    const end = startEventStream(res);
    const unsubscribe = this.feed.subscribe((m) => {
      if (m.roomId === room.id && !res.writableEnded) res.write(`event: change\ndata: ${JSON.stringify(change(m))}\n\n`);
    });
    const unwatch = this.sockets.watch({ kind: 'session', sid: me.session.sid }, end);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 25_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unwatch();
      unsubscribe();
    });
  }

  /** 403 unless the viewer may write the room (rooms have integer ids: resolved by key). */
  private async assertWriter(me: SignedIn, roomId: number): Promise<void> {
    this.writers.assertTarget(ResourceKind.Room, await this.writers.resolve(ResourceKind.Room, String(roomId)), me.caller, false);
  }

  private async canEdit(me: SignedIn, roomId: number): Promise<boolean> {
    return this.assertWriter(me, roomId).then(
      () => true,
      () => false,
    );
  }
}

/** One feed message as the page script reads it: the event name, the bot it is for, the record. */
function change(m: BotFeedMessage): { name: string; botId: string | null; record: unknown } {
  const body = Object.values(JSON.parse(m.data) as Record<string, unknown>)[0] as Record<string, unknown>;
  return { name: m.name, botId: m.botId, record: m.name.endsWith('.update') ? body.new : body };
}

function pageBot(b: NonNullable<Awaited<ReturnType<BotsRepository['findByKey']>>>): RoomPageBot {
  const recent = b.lastHeartbeat !== null && Date.now() - new Date(b.lastHeartbeat).getTime() < ONLINE_MS;
  return {
    id: b.id,
    name: b.name,
    displayName: b.displayName || b.name,
    version: b.version,
    status: !b.active ? 'off' : recent ? 'online' : 'idle',
    url: b.url,
    helpUrl: b.helpUrl ?? undefined,
    ownerUrl: b.ownerUrl ?? undefined,
  };
}

/** This server's origin as the browser reached it (a Host that is not a host name falls back to 'self'). */
function originOf(req: Request): string {
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `${req.protocol}://${host}` : "'self'";
}

function ignoreNotFound(e: unknown): undefined {
  if (e instanceof NotFoundError) return undefined;
  throw e;
}
