import { Injectable } from '@nestjs/common';
import { RealtimeBus } from '../../realtime/realtime-bus';

/** Prefix of every bot realtime event name (the original's). */
export const BOT_EVENT_PREFIX = 'refocus.internal.realtime.';

/** The bot realtime events the BDK listens for. */
export type BotEventName =
  | 'bot.action.add'
  | 'bot.action.update'
  | 'bot.data.add'
  | 'bot.data.update'
  | 'bot.event.add'
  | 'room.settingsChanged'
  | 'bot.namespace.initialize';

/** One change in a room, as bots and room pages receive it. */
export interface BotFeedMessage {
  roomId: number;
  /** Names (lower case) of the room's bots when the change happened: who may see it. */
  roomBots: string[];
  /** Set when only that bot's sockets (and frames) must see it: its actions and data. */
  botId: string | null;
  name: BotEventName;
  /** The wire text: `{"refocus.internal.realtime.<name>": record}` (`{new: record}` for updates). */
  data: string;
}

/** What the feed needs of a room: its id and its bots' names. */
export interface FeedRoom {
  id: number;
  bots: string[];
}

/** The JSON-string payload the original sends for an event. */
export function botEventData(name: BotEventName, record: object): string {
  const body = name.endsWith('.update') ? { new: record } : record;
  return JSON.stringify({ [BOT_EVENT_PREFIX + name]: body });
}

/** The bus topic of bot and room changes. */
const TOPIC = 'bots';

/**
 * Where the bot resources announce their changes, through the realtime bus so that every
 * process hears them; the root-namespace gateway and the room page subscribe.
 */
@Injectable()
export class BotFeed {
  constructor(private readonly bus: RealtimeBus) {}

  publish(room: FeedRoom, name: BotEventName, record: object, botId: string | null = null): void {
    const roomBots = room.bots.map((b) => b.toLowerCase());
    const message: BotFeedMessage = { roomId: room.id, roomBots, botId, name, data: botEventData(name, record) };
    void this.bus.publish(TOPIC, message);
  }

  subscribe(listener: (m: BotFeedMessage) => void): () => void {
    return this.bus.subscribe(TOPIC, (m) => listener(m as BotFeedMessage));
  }
}
