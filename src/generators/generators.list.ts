import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/generators`: filters name, description, subjectQuery, isActive, intervalSecs, tags, timestamps. */
export const GENERATOR_LIST_SPEC: ListSpec = {
  source: 'Generator',
  columns: {
    ...listColumns('g', 'string', ['name', 'description', 'subjectQuery']),
    ...listColumns('g', 'boolean', ['isActive']),
    ...listColumns('g', 'number', ['intervalSecs']),
    ...listColumns('g', 'tags', ['tags']),
    ...listColumns('g', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'id', 'name', 'description', 'helpEmail', 'helpUrl', 'aspects', 'subjectQuery', 'generatorTemplate', 'context',
    'intervalSecs', 'collectorGroup', 'isActive', 'tags', 'currentCollector', 'lastUpsertAt', 'createdBy', 'createdAt',
    'updatedAt', 'user',
  ],
  defaultSort: ['name'],
  idSql: 'g.id',
};
