import semver from 'semver';
import { ValidationError } from '../common/errors/api-errors';

/** A template's writable content, as stored. */
export interface TemplateValues {
  name: string;
  version: string;
  description: string | null;
  author: Record<string, unknown> | null;
  repository: Record<string, unknown> | null;
  connection: Record<string, unknown>;
  contextDefinition: Record<string, ContextEntry>;
  transform: Record<string, unknown>;
  helpEmail: string | null;
  helpUrl: string | null;
  isPublished: boolean;
  tags: string[];
}

/** One key of a template's contextDefinition. */
export interface ContextEntry {
  description?: string;
  required?: boolean;
  default?: unknown;
  encrypted?: boolean;
}

function bad(source: string, message: string, value: unknown = ''): ValidationError {
  return new ValidationError({ message, description: message, source, value });
}

/** `x.y.z` (optionally with a pre-release), the versions the original accepts. */
export function assertSemver(version: string): void {
  if (semver.valid(version) === null) throw bad('version', `version must be a semantic version MAJOR.MINOR.PATCH, got "${version}"`, version);
}

const isCode = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((l) => typeof l === 'string'));

/** The rules a template must follow before the collector is given it. */
export function assertTemplateValid(t: TemplateValues): void {
  assertSemver(t.version);
  // required on create; a PATCH keeps the stored ones
  if (!t.connection) throw bad('connection', 'Missing required property: connection');
  if (!t.transform) throw bad('transform', 'Missing required property: transform');
  const c = t.connection;
  if (typeof c.url !== 'string' && !isCode(c.toUrl)) throw bad('connection', 'connection needs a url (string) or a toUrl function body');
  if (c.headers !== undefined && (typeof c.headers !== 'object' || c.headers === null || Array.isArray(c.headers))) {
    throw bad('connection.headers', 'connection.headers must be an object');
  }
  if (c.bulk !== undefined && typeof c.bulk !== 'boolean') throw bad('connection.bulk', 'connection.bulk must be a boolean');
  if (!isCode(t.transform.default) && typeof t.transform.errorHandlers !== 'object') {
    throw bad('transform', 'transform.default must be a function body (a string or an array of strings)');
  }
  for (const [key, def] of Object.entries(t.contextDefinition)) {
    if (typeof def !== 'object' || def === null || Array.isArray(def)) throw bad('contextDefinition', `contextDefinition.${key} must be an object`, key);
    for (const flag of ['required', 'encrypted'] as const) {
      if (def[flag] !== undefined && typeof def[flag] !== 'boolean') throw bad('contextDefinition', `contextDefinition.${key}.${flag} must be a boolean`, key);
    }
  }
}
