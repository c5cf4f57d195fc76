import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { BotActionRow } from './bot-actions.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/botActions', noun: 'botAction', hidden: ['ownerId'] };

/** A bot action as the API answers it. */
export type BotActionResponse = Presented<BotActionRow, 'ownerId'>;

/** A bot action as the API answers it (null properties omitted; the owner's id hidden). */
export function presentBotAction(row: BotActionRow, deleted = false): BotActionResponse {
  return presentRecord(row, SHAPE, deleted);
}
