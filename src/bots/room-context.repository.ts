import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { BotActionSpec } from './bot.entity';
import { isRoomId } from '../rooms/rooms.repository';

/** What bot actions, bot data and events need of their room. */
export interface RoomRef {
  id: number;
  bots: string[];
}

/** What they need of their bot. */
export interface BotRef {
  id: string;
  name: string;
  actions: BotActionSpec[];
}

/** The room and bot lookups shared by bot actions, bot data and events. */
@Injectable()
export class RoomContextRepository {
  constructor(private readonly db: DataSource) {}

  /** The room by id (number or digits) or name; null when unknown. */
  async findRoom(key: unknown): Promise<RoomRef | null> {
    const text = typeof key === 'number' ? String(key) : typeof key === 'string' ? key : '';
    if (!text) return null;
    const rows = (await this.db.query(
      isRoomId(text) ? 'SELECT id, bots FROM rooms WHERE id = $1::integer' : 'SELECT id, bots FROM rooms WHERE lower(name) = lower($1)',
      [text],
    )) as RoomRef[];
    return rows[0] ?? null;
  }

  /** The bot by id or name (any case); null when unknown. */
  async findBot(key: unknown): Promise<BotRef | null> {
    if (typeof key !== 'string' || !key) return null;
    const c = keyCondition(key, 'id', 'name', 1);
    const rows = (await this.db.query(`SELECT id, name, actions FROM bots WHERE ${c.sql}`, [c.param])) as BotRef[];
    return rows[0] ?? null;
  }

  /** The room, or a 400 naming `field` (a reference in a body or query). */
  async room(key: unknown, field = 'roomId'): Promise<RoomRef> {
    const room = await this.findRoom(key);
    if (!room) throw unknownReference(field, key, 'room');
    return room;
  }

  /** The bot, or a 400 naming `field`. */
  async bot(key: unknown, field = 'botId'): Promise<BotRef> {
    const bot = await this.findBot(key);
    if (!bot) throw unknownReference(field, key, 'bot');
    return bot;
  }
}

function unknownReference(field: string, value: unknown, what: string): ValidationError {
  return new ValidationError({
    message: `${field} does not reference an existing ${what}.`,
    description: `No ${what} ${String(value ?? '')}.`,
    source: field,
    value: typeof value === 'object' ? '' : value,
  });
}
