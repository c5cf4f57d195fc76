import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { BotDataRow } from './bot-data.repository';

const SHAPE: RecordShape<'ownerId'> = { collection: '/v1/botData', noun: 'botData', hidden: ['ownerId'] };

/** A bot data record as the API answers it. */
export type BotDataResponse = Presented<BotDataRow, 'ownerId'>;

/** Bot data as the API answers it (null properties omitted; the owner's id hidden). */
export function presentBotData(row: BotDataRow, deleted = false): BotDataResponse {
  return presentRecord(row, SHAPE, deleted);
}
