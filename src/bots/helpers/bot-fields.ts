import { isURL } from 'class-validator';
import { SchemaValidationError, ValidationError } from '../../common/errors/api-errors';
import type { BotActionSpec } from '../bot.entity';
import { RECORD_NAME_PATTERN } from '../../common/names';

/** The writable columns of a bot, checked. */
export interface BotValues {
  name: string;
  url: string;
  helpUrl: string | null;
  ownerUrl: string | null;
  displayName: string | null;
  version: string;
  active: boolean;
  actions: BotActionSpec[];
  settings: { key: string; helpText?: string }[];
  data: { name: string; type: string }[];
}

/** Bot fields as sent: form strings (arrays as JSON text) or a JSON body. */
export interface BotFieldsInput {
  name?: string;
  url?: string;
  helpUrl?: string;
  ownerUrl?: string;
  displayName?: string;
  version?: string;
  active?: boolean;
  actions?: unknown;
  data?: unknown;
  settings?: unknown;
}

const PARAMETER_TYPES = ['BOOLEAN', 'INTEGER', 'DECIMAL', 'STRING', 'ARRAY'];

function bad(source: string, message: string, value: unknown = ''): ValidationError {
  return new SchemaValidationError({ message, description: message, source, value: typeof value === 'object' ? '' : value });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON array field: parsed when a string (multipart), '' or missing → []. */
function jsonArray(field: string, raw: unknown): Record<string, unknown>[] {
  let value = raw;
  if (raw === undefined || raw === null || raw === '') return [];
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw bad(field, `${field} must be a JSON array.`);
    }
  }
  if (!Array.isArray(value) || !value.every(isObj)) throw bad(field, `${field} must be an array of objects.`);
  return value;
}

function actions(raw: unknown): BotActionSpec[] {
  return jsonArray('actions', raw).map((a) => {
    if (typeof a.name !== 'string' || !a.name) throw bad('actions', 'Every action needs a name.');
    const params = a.parameters === undefined ? undefined : Array.isArray(a.parameters) ? (a.parameters as unknown[]) : null;
    if (params === null) throw bad('actions', `parameters of ${a.name} must be an array.`);
    params?.forEach((p) => {
      const ok = isObj(p) && typeof p.name === 'string' && (('value' in p && !('type' in p)) || PARAMETER_TYPES.includes(p.type as string));
      if (!ok) throw bad('actions', `Each parameter of ${a.name} is {name, type: ${PARAMETER_TYPES.join('|')}} or {name, value}.`);
    });
    return a as unknown as BotActionSpec;
  });
}

function keyed<T>(field: string, raw: unknown, key: string, other: string): T[] {
  return jsonArray(field, raw).map((item) => {
    if (typeof item[key] !== 'string' || (item[other] !== undefined && typeof item[other] !== 'string')) {
      throw bad(field, `Each item of ${field} is {${key}, ${other}} with string values.`);
    }
    return item as T;
  });
}

function url(field: string, value: string | undefined, required: boolean): string | null {
  if (value === undefined || value === '') {
    if (required) throw bad(field, `Missing required property: ${field}`);
    return null;
  }
  if (value.length > 2082 || !isURL(value, { require_tld: false, require_protocol: true })) throw bad(field, `${field} must be a URL.`, value);
  return value;
}

/** Checks every field of a whole bot (POST, PUT, or PATCH merged onto the stored bot). */
export function botValues(input: BotFieldsInput): BotValues {
  if (!input.name || !RECORD_NAME_PATTERN.test(input.name)) throw bad('name', 'name is required: 1-60 letters, digits, _ or -.', input.name);
  if (!input.version || input.version.length > 10) throw bad('version', 'version is required, at most 10 characters.', input.version);
  if (input.displayName && input.displayName.length > 60) throw bad('displayName', 'displayName is at most 60 characters.', input.displayName);
  return {
    name: input.name,
    url: url('url', input.url, true) as string,
    helpUrl: url('helpUrl', input.helpUrl, false),
    ownerUrl: url('ownerUrl', input.ownerUrl, false),
    displayName: input.displayName || null,
    version: input.version,
    active: input.active ?? false,
    actions: actions(input.actions),
    settings: keyed('settings', input.settings, 'key', 'helpText'),
    data: keyed('data', input.data, 'name', 'type'),
  };
}
