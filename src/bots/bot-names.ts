import { Injectable } from '@nestjs/common';
import { ValidationError } from '../common/errors/api-errors';
import { BotsRepository } from './bots.repository';

/** The `bots` lists of rooms and room types checked against the bots. */
@Injectable()
export class BotNames {
  constructor(private readonly bots: BotsRepository) {}

  /**
   * Checks a `bots` list of a room or room type: no repeats (ignoring case), every name an
   * existing bot. Returns the names as the bots spell them.
   */
  async canonical(names: readonly string[], source: string): Promise<string[]> {
    const lower = names.map((n) => n.toLowerCase());
    const repeated = lower.find((n, i) => lower.indexOf(n) !== i);
    if (repeated !== undefined) {
      throw new ValidationError({ message: 'Duplicate bot in bots.', source, value: repeated, description: 'Each bot may appear once.' });
    }
    if (!names.length) return [];
    const known = new Map((await this.bots.storedNames(lower)).map((name) => [name.toLowerCase(), name]));
    const missing = names.find((n) => !known.has(n.toLowerCase()));
    if (missing !== undefined) {
      throw new ValidationError({ message: `Bot ${missing} does not exist.`, source, value: missing, description: 'bots must name existing bots.' });
    }
    return lower.map((n) => known.get(n) as string);
  }
}
