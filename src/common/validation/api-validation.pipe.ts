import { ArgumentMetadata, Injectable, ValidationError as CvError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, ReadOnlyFieldError, SchemaValidationError } from '../errors/api-errors';
import { throwIfUnsafeBody } from './request-hygiene';
import { readOnlyFieldsOf } from './read-only-fields';

function flatten(errors: CvError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, text]) => {
      const message = rule === 'whitelistValidation' ? `Unknown property "${path}": not a field of this request, nothing was written` : text;
      return { message, source: path, value: typeof e.value === 'object' ? '' : e.value, description: message };
    });
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const PLAIN_TYPES = new Set<Function>([String, Number, Boolean, Array, Object]);

const OPTIONS = {
  whitelist: true,
  transform: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: true },
  exceptionFactory: (errors: CvError[]) => new SchemaValidationError(flatten(errors)),
};

/**
 * The global pipe: class-validator, a 400 naming every unknown body property (a misspelt
 * `isPublised` must not be a silent 201), a 400 for server-owned properties and for bodies that
 * are not JSON objects, and every violation reported in the contract's error shape. Query DTOs
 * keep plain whitelisting: unknown query parameters are dropped.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  private readonly strict = new ValidationPipe({ ...OPTIONS, forbidNonWhitelisted: true });

  constructor() {
    super(OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype;
    if (metadata.type === 'body') throwIfUnsafeBody(value); // multipart fields skip the JSON parser's check
    if (metadata.type === 'body' && dto && !PLAIN_TYPES.has(dto)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new SchemaValidationError({
          message: 'Invalid content type: the request body must be a JSON object (application/json)',
        });
      }
      const readOnly = readOnlyFieldsOf(dto) ?? [];
      const bad = readOnly.find((f) => Object.prototype.hasOwnProperty.call(value, f));
      if (bad) throw new ReadOnlyFieldError(bad);
    }
    return metadata.type === 'body' ? this.strict.transform(value, metadata) : super.transform(value, metadata);
  }
}
