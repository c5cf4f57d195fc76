import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** Documents the list parameters (fields, sort, limit, offset) and the given filters of a list route. */
export function ListParams(...filters: string[]): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'fields', required: false, description: 'Comma-separated fields to return (id always).' }),
    ApiQuery({ name: 'sort', required: false, description: 'Comma-separated fields; `-field` sorts descending.' }),
    ApiQuery({ name: 'limit', required: false, type: Number, description: 'Page size (capped at 10000).' }),
    ApiQuery({ name: 'offset', required: false, type: Number }),
    ...filters.map((name) =>
      ApiQuery({
        name,
        required: false,
        description: /At$/.test(name)
          ? 'A negative duration such as -1d (s, m, h, d): records within that time.'
          : 'Case-insensitive; `*` is a wildcard; commas separate alternatives.',
      }),
    ),
  );
}
