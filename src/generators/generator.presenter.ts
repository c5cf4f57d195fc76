import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { GeneratorRow } from './generators.repository';
import { maskedContext } from './helpers/generator-context';

type Hidden = 'secretContext' | 'templateName' | 'templateVersion' | 'collectorGroupId' | 'collectorId' | 'revision';
const SHAPE: RecordShape<Hidden> = {
  collection: '/v1/generators',
  noun: 'generator',
  hidden: ['secretContext', 'templateName', 'templateVersion', 'collectorGroupId', 'collectorId', 'revision'],
};

/** A generator as the API answers it. */
export type GeneratorResponse = Presented<GeneratorRow, Hidden>;

/** A generator as the API shows it: secrets masked, internal columns hidden. */
export function presentGenerator(row: GeneratorRow, deleted = false): GeneratorResponse {
  return presentRecord({ ...row, context: maskedContext(row.context, row.secretContext) }, SHAPE, deleted);
}
