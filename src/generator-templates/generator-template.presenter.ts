import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { TemplateRow } from './generator-templates.repository';

const SHAPE: RecordShape = { collection: '/v1/generatorTemplates', noun: 'generatorTemplate', hidden: [] };

/** A generator template as the API answers it. */
export type GeneratorTemplateResponse = Presented<TemplateRow>;

/** A template as the API (and the collector) sees it. */
export function presentGeneratorTemplate(row: TemplateRow, deleted = false): GeneratorTemplateResponse {
  return presentRecord(row, SHAPE, deleted);
}
