import { ValidationError } from '../../common/errors/api-errors';
import { LINK_NAME_MESSAGE, LINK_NAME_PATTERN, MAX_RELATED_LINKS } from '../../common/dto/tags-and-links';
import { SERVER_OWNED_FIELDS } from '../../common/validation/read-only-fields';
import { SAMPLE_LIMITS, SAMPLE_READ_ONLY } from '../dto/sample.dto';
import type { SampleRelatedLink } from '../sample.entity';
import type { BulkUpsertItemError } from '../sample-upsert-job.entity';
import { parseSampleName, SampleName } from '../../common/sample-name';

/** A bulk upsert item that passed validation. */
export interface ValidBulkItem {
  /** The name as sent. */
  name: string;
  parsed: SampleName;
  /** null → not sent (keep the stored one). */
  value: string | null;
  messageCode: string | null;
  messageBody: string | null;
  relatedLinks: SampleRelatedLink[] | null;
}

const READ_ONLY = [...SERVER_OWNED_FIELDS, ...SAMPLE_READ_ONLY];
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function invalid(name: string | null, message: string): BulkUpsertItemError {
  return { name, type: ValidationError.type, message };
}

function optionalString(item: Record<string, unknown>, field: 'value' | 'messageCode' | 'messageBody'): string | null | Error {
  const v = item[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return new Error(`${field} must be a string`);
  if (v.length > SAMPLE_LIMITS[field]) return new Error(`${field} must be shorter than or equal to ${SAMPLE_LIMITS[field]} characters`);
  return v;
}

/** Related links as the single-sample DTO accepts them; null when absent. */
export function checkRelatedLinks(v: unknown): SampleRelatedLink[] | null | Error {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) return new Error('relatedLinks must be an array');
  if (v.length > MAX_RELATED_LINKS) return new Error(`relatedLinks must contain no more than ${MAX_RELATED_LINKS} elements`);
  const links: SampleRelatedLink[] = [];
  for (const l of v as unknown[]) {
    if (!l || typeof l !== 'object') return new Error('each relatedLink must be an object {name, url}');
    const { name, url } = l as Record<string, unknown>;
    if (typeof name !== 'string' || !LINK_NAME_PATTERN.test(name)) {
      return new Error(LINK_NAME_MESSAGE);
    }
    if (typeof url !== 'string' || url.length < 1 || url.length > 4096) return new Error('relatedLinks.url must be 1 to 4096 characters');
    links.push({ name, url });
  }
  if (new Set(links.map((l) => l.name)).size !== links.length) return new Error('Name of the relatedlinks should be unique');
  return links;
}

/**
 * Checks one bulk item with the same rules as `POST /v1/samples/upsert`: an object, no
 * read-only field, a well-formed `subjectPath|aspectName`, value ≤255, messageCode ≤5,
 * messageBody ≤4096, valid related links. Returns the item or its error (never throws).
 */
export function validateBulkItem(raw: unknown): ValidBulkItem | BulkUpsertItemError {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return invalid(null, 'Each item must be a JSON object');
  const item = raw as Record<string, unknown>;
  const sentName = typeof item.name === 'string' ? item.name : null;
  const readOnly = READ_ONLY.find((f) => has(item, f));
  if (readOnly) return invalid(sentName, `You cannot modify the read-only field: ${readOnly}`);
  if (sentName === null) return invalid(null, 'Missing required property: name');
  const parsed = parseSampleName(sentName);
  if (!parsed) return invalid(sentName, 'Invalid sample name: expected subjectAbsolutePath|aspectName');
  const value = optionalString(item, 'value');
  const messageCode = optionalString(item, 'messageCode');
  const messageBody = optionalString(item, 'messageBody');
  const relatedLinks = checkRelatedLinks(item.relatedLinks);
  for (const v of [value, messageCode, messageBody, relatedLinks]) {
    if (v instanceof Error) return invalid(sentName, v.message);
  }
  return {
    name: sentName,
    parsed,
    value: value as string | null,
    messageCode: messageCode as string | null,
    messageBody: messageBody as string | null,
    relatedLinks: relatedLinks as SampleRelatedLink[] | null,
  };
}

/** True for a validation result that is an error. */
export function isItemError(r: ValidBulkItem | BulkUpsertItemError): r is BulkUpsertItemError {
  return 'type' in r;
}
