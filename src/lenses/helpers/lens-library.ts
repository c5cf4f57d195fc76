import { isEmail, isURL } from 'class-validator';
import { ValidationError } from '../../common/errors/api-errors';
import { RECORD_NAME_PATTERN } from '../../common/names';
import type { ZipLimits } from '../../common/zip/zip-reader';
import { readUploadedZip, UploadedZip, ZIP_EXPAND_LIMITS, ZIP_MAX_UPLOAD_BYTES } from '../../common/zip/zip-upload';

/** Most bytes an uploaded lens zip may have (multer refuses larger files with 413). */
export const LENS_MAX_UPLOAD_BYTES = ZIP_MAX_UPLOAD_BYTES;
/** What a lens zip may expand to; checked before inflating and while inflating. */
export const LENS_ZIP_LIMITS: ZipLimits = ZIP_EXPAND_LIMITS;
/** `lens.json` is metadata; anything bigger than this is not. */
const LENS_JSON_MAX_BYTES = 64 * 1024;

const REQUIRED_FILES = 'lens.js and lens.json are required files in lens zip.';
const NAME_RULE =
  'Name field should be max 60 characters; case insensitive; allows alpha-numeric characters,underscore (_) and dash (-).';

/** The uploaded file as multer hands it over (memory storage). */
export type UploadedLibrary = UploadedZip;

/** What `lens.json` says about the lens; unknown keys are kept apart in `metadata`. */
export interface LensSourceMetadata {
  sourceName: string;
  sourceDescription: string | null;
  sourceVersion: string | null;
  helpEmail: string | null;
  helpUrl: string | null;
  thumbnailUrl: string | null;
  lensEventApiVersion: number;
  metadata: Record<string, unknown>;
}

function invalid(description: string, message = description, value: unknown = ''): ValidationError {
  return new ValidationError({ message, description, source: 'Lens', value });
}

/**
 * Checks an uploaded library: a zip by mime type and by content, within the size limits, with
 * top-level `lens.js` and `lens.json`. Returns the files, so callers can read `lens.json`.
 */
export async function readLensLibrary(file: UploadedLibrary | undefined): Promise<Map<string, Buffer>> {
  const files = await readUploadedZip(file, 'Lens', 'library');
  if (!files.has('lens.js') || !files.has('lens.json')) throw invalid(REQUIRED_FILES);
  return files;
}

/** Reads `lens.json` from the library's files and validates what the record will store. */
export function parseLensJson(files: Map<string, Buffer>): LensSourceMetadata {
  const raw = files.get('lens.json');
  if (!raw || raw.length > LENS_JSON_MAX_BYTES) throw invalid(`lens.json must be at most ${LENS_JSON_MAX_BYTES} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('lens.json is not valid JSON.');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalid('lens.json must be a JSON object.');
  const { name, description, version, helpEmail, helpUrl, thumbnailUrl, lensEventApiVersion, ...rest } =
    json as Record<string, unknown>;
  return {
    sourceName: sourceName(name),
    sourceDescription: optionalText('description', description, 4096),
    sourceVersion: optionalText('version', version, 64),
    helpEmail: checked('helpEmail', optionalText('helpEmail', helpEmail, 254), (v) => isEmail(v)),
    helpUrl: checked('helpUrl', optionalText('helpUrl', helpUrl, 2082), isUrl),
    thumbnailUrl: checked('thumbnailUrl', optionalText('thumbnailUrl', thumbnailUrl, 2082), isUrl),
    lensEventApiVersion: eventApiVersion(lensEventApiVersion),
    metadata: rest,
  };
}

function sourceName(name: unknown): string {
  if (name === undefined || name === null || name === '') throw invalid('name is required in lens json.');
  if (typeof name !== 'string' || !RECORD_NAME_PATTERN.test(name)) throw invalid(NAME_RULE, NAME_RULE, name);
  return name;
}

/** Strings (numbers accepted for versions) up to `max` characters; "" and null are null. */
function optionalText(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text.length > max) {
    throw invalid(`${field} in lens.json must be a string of at most ${max} characters.`);
  }
  return text;
}

function checked(field: string, value: string | null, ok: (v: string) => boolean): string | null {
  if (value !== null && !ok(value)) throw invalid(`Validation failed on ${field} in lens.json.`, `Validation failed on ${field}`, value);
  return value;
}

function isUrl(v: string): boolean {
  return isURL(v, { require_tld: false });
}

/** Integer like Sequelize's isInt: a number or a string of digits; default 1. */
function eventApiVersion(value: unknown): number {
  if (value === undefined || value === null) return 1;
  const ok =
    (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^[+-]?\d{1,10}$/.test(value));
  const n = Number(value);
  if (!ok || n < -2147483648 || n > 2147483647) {
    throw new ValidationError({
      message: 'Validation isInt on lensEventApiVersion failed',
      description: 'lensEventApiVersion must be an integer',
      source: 'lensEventApiVersion',
      value: typeof value === 'object' ? '' : value,
    });
  }
  return n;
}

const BINARY_EXTENSIONS = /\.(png|jpe?g)$/i;

/** The library as the API returns it: path → text, images base64-encoded (REFOCUS-REFERENCE.md §9). */
export function libraryToJson(files: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries(
    [...files].map(([path, content]) => [path, content.toString(BINARY_EXTENSIONS.test(path) ? 'base64' : 'utf8')]),
  );
}
