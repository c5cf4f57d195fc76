import { ApiProperty } from '@nestjs/swagger';

/** One hypermedia link of a record. */
export class ApiLink {
  @ApiProperty({ example: '/v1/subjects/0f8fad5b-d9cb-469f-a165-70867728950e' })
  href!: string;

  @ApiProperty({ example: 'GET' })
  method!: string;

  @ApiProperty({ example: 'subject' })
  rel!: string;
}

const VERB_REL: Record<string, string> = {
  DELETE: 'Delete this',
  GET: 'Retrieve this',
  PATCH: 'Update selected attributes of this',
  POST: 'Create a new',
  PUT: 'Overwrite all attributes of this',
};

/**
 * The `apiLinks` of a record (REFOCUS-REFERENCE.md §3.4): one per verb the resource supports; POST's href
 * is the collection, the others `<collection>/<key>`. `noun` is the singular name for `rel`.
 */
export function apiLinks(collection: string, key: string, noun: string, methods: readonly string[]): ApiLink[] {
  return methods.map((method) => ({
    href: method === 'POST' ? collection : `${collection}/${key}`,
    method,
    rel: `${VERB_REL[method] ?? method} ${noun}`,
  }));
}

/** The links of a deleted record: only the collection's POST. */
export function deletedApiLinks(collection: string, noun: string): ApiLink[] {
  return apiLinks(collection, '', noun, ['POST']);
}

/** The verbs of a record resource (subjects, aspects, samples, lenses, perspectives, users, profiles): the one list. */
export const RECORD_METHODS: readonly string[] = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];
