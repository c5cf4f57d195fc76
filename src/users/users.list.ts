import type { ListSpec } from '../common/list-query';
import { listColumns, TIMESTAMPS } from '../database/list-sql';

/** `GET /v1/users` list parameters. */
export const USER_LIST_SPEC: ListSpec = {
  source: 'User',
  columns: {
    ...listColumns('u', 'string', ['name', 'email', 'fullName']),
    ...listColumns('u', 'timestamp', TIMESTAMPS),
  },
  selectable: ['id', 'name', 'email', 'fullName', 'imageUrl', 'sso', 'lastLogin', 'isDeleted', 'profile', 'createdAt', 'updatedAt'],
  defaultSort: ['name'],
  idSql: 'u.id',
};
