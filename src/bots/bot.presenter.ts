import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { BotRow } from './bots.repository';

type Hidden = 'ownerId' | 'uiName' | 'uiSize' | 'ui';
const SHAPE: RecordShape<Hidden> = { collection: '/v1/bots', noun: 'bot', hidden: ['ownerId', 'uiName', 'uiSize', 'ui'] };

/** A bot as the API answers it. */
export type BotResponse = Presented<BotRow, Hidden>;

/** GET one bot: with its UI as the original answered (`{type: "Buffer", data: [bytes]}`). */
export type BotWithUiResponse = BotResponse & { ui: ReturnType<Buffer['toJSON']> | null };

/** POST and PUT: the bot with `ui: {name, size}` and its new token (shown once). */
export type BotWithTokenResponse = BotResponse & { ui: { name: string; size: number | null } | null; token: string };

/** A bot as the API answers it (null properties omitted; the UI and its owner's id hidden). */
export function presentBot(row: BotRow, deleted = false): BotResponse {
  return presentRecord(row, SHAPE, deleted);
}
