import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import { type BotActionSpec, BotEntity } from './bot.entity';
import { RoomEntity } from '../rooms/room.entity';
import { roomKeyWhere } from '../rooms/rooms.repository';

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
    const where = roomKeyWhere(text, 'r');
    const qb = this.db.createQueryBuilder(RoomEntity, 'r').select('r.id', 'id').addSelect('r.bots', 'bots').where(where.sql, where.params);
    return (await qb.getRawOne<RoomRef>()) ?? null;
  }

  /** The bot by id or name (any case); null when unknown. */
  async findBot(key: unknown): Promise<BotRef | null> {
    if (typeof key !== 'string' || !key) return null;
    const c = keyCondition(key, 'b.id', 'b.name', 'key');
    const row = await this.db
      .createQueryBuilder(BotEntity, 'b')
      .select('b.id', 'id')
      .addSelect('b.name', 'name')
      .addSelect('b.actions', 'actions')
      .where(c.sql, { key: c.param })
      .getRawOne<BotRef>();
    return row ?? null;
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
