import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/generatorTemplates`: filters name, version, description, isPublished, tags, timestamps. */
export const TEMPLATE_LIST_SPEC: ListSpec = {
  source: 'GeneratorTemplate',
  columns: {
    ...listColumns('t', 'string', ['name', 'version', 'description']),
    ...listColumns('t', 'boolean', ['isPublished']),
    ...listColumns('t', 'tags', ['tags']),
    ...listColumns('t', 'timestamp', TIMESTAMPS),
  },
  selectable: [
    'id', 'name', 'version', 'description', 'author', 'repository', 'connection', 'contextDefinition', 'transform',
    'helpEmail', 'helpUrl', 'isPublished', 'tags', 'createdBy', 'createdAt', 'updatedAt', 'user',
  ],
  defaultSort: ['name', 'version'],
  idSql: 't.id',
};
