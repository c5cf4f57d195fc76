import { ValidationError } from '../common/errors/api-errors';
import type { SqlRunner } from '../common/owner';

/**
 * Checks a `bots` list of a room or room type: no repeats (ignoring case), every name an
 * existing bot. Returns the names as the bots spell them.
 */
export async function canonicalBotNames(db: SqlRunner, names: readonly string[], source: string): Promise<string[]> {
  const lower = names.map((n) => n.toLowerCase());
  const repeated = lower.find((n, i) => lower.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw new ValidationError({ message: 'Duplicate bot in bots.', source, value: repeated, description: 'Each bot may appear once.' });
  }
  if (!names.length) return [];
  const rows = (await db.query('SELECT name FROM bots WHERE lower(name) = ANY($1::text[])', [lower])) as { name: string }[];
  const known = new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
  const missing = names.find((n) => !known.has(n.toLowerCase()));
  if (missing !== undefined) {
    throw new ValidationError({ message: `Bot ${missing} does not exist.`, source, value: missing, description: 'bots must name existing bots.' });
  }
  return lower.map((n) => known.get(n) as string);
}
