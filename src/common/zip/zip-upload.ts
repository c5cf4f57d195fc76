import { FileInterceptor } from '@nestjs/platform-express';
import type { NestInterceptor, Type } from '@nestjs/common';
import { SchemaValidationError, ValidationError } from '../errors/api-errors';
import { InvalidZipError, readZip, ZipLimits, ZipTooLargeError } from './zip-reader';

/** Most bytes an uploaded zip (a lens library, a bot UI) may have: multer refuses larger files with 413. */
export const ZIP_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** What an uploaded zip may expand to; checked before inflating and while inflating. */
export const ZIP_EXPAND_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalBytes: 50 * 1024 * 1024 };
export const ZIP_MIME_TYPES = ['application/zip', 'application/x-zip-compressed'];

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedZip {
  mimetype: string;
  buffer: Buffer;
  originalname?: string;
  size?: number;
}

/** Multipart with one zip file in `field` and a few small text fields, in memory, within the upload limits. */
export function zipFileInterceptor(field: string): Type<NestInterceptor> {
  return FileInterceptor(field, {
    limits: { fileSize: ZIP_MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 32 * 1024, parts: 25 },
  });
}

/**
 * Checks an uploaded zip (`source` names the record kind in errors, `field` the form field):
 * a zip by mime type and by content, within the expansion limits. Returns its files.
 */
export async function readUploadedZip(file: UploadedZip | undefined, source: string, field: string): Promise<Map<string, Buffer>> {
  const mimeRule = `The ${field} parameter mime type should be application/zip`;
  const invalid = (description: string, message: string, value: unknown = '') => new ValidationError({ message, description, source, value });
  if (!file) {
    throw new SchemaValidationError({
      message: `Missing required property: ${field}`,
      description: `${field} (a zip file) is required`,
      source: field,
    });
  }
  if (!ZIP_MIME_TYPES.includes(file.mimetype.toLowerCase())) throw invalid(mimeRule, mimeRule, file.mimetype);
  try {
    return await readZip(file.buffer, ZIP_EXPAND_LIMITS);
  } catch (e) {
    if (e instanceof ZipTooLargeError) throw invalid(`The ${field} zip is too large: it ${e.message}.`, `${source} ${field} too large`);
    if (e instanceof InvalidZipError) throw invalid(mimeRule, `The ${field} is not a valid zip archive`);
    throw e;
  }
}
