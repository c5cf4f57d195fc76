import { ArgumentMetadata, Injectable, PipeTransform, ValidationError as CvError, ValidationPipe } from '@nestjs/common';
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

/** Returned by convertUnvalidated when ValidationPipe would validate the value. */
const VALIDATE = Symbol('validate');

/** ValidationPipe, with what its transform answers for a value it does not validate available without a promise. */
class ConvertingValidationPipe extends ValidationPipe {
  /** ValidationPipe.transform's answer when toValidate says no (a plain type, or none), else VALIDATE. */
  convertUnvalidated(value: unknown, metadata: ArgumentMetadata): unknown {
    if (this.expectedType || (metadata.metatype && this.toValidate(metadata))) return VALIDATE;
    return this.isTransformEnabled ? this.transformPrimitive(value, metadata) : value;
  }
}

/**
 * The global pipe: class-validator, a 400 naming every unknown body property (a misspelt
 * `isPublised` must not be a silent 201), a 400 for server-owned properties and for bodies that
 * are not JSON objects, and every violation reported in the contract's error shape. Query DTOs
 * keep plain whitelisting: unknown query parameters are dropped.
 */
@Injectable()
export class ApiValidationPipe implements PipeTransform {
  private readonly lenient = new ConvertingValidationPipe(OPTIONS);
  private readonly strict = new ValidationPipe({ ...OPTIONS, forbidNonWhitelisted: true });

  /**
   * Route parameters and queries of a plain type (`@Param('key') key: string`) are converted
   * synchronously, as ValidationPipe would, without its async call per parameter per request
   * (docs/PERFORMANCE.md, issue 19); bodies and DTOs as before.
   */
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body') return this.body(value, metadata);
    const converted = this.lenient.convertUnvalidated(value, metadata);
    return converted === VALIDATE ? this.lenient.transform(value, metadata) : converted;
  }

  private async body(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype;
    throwIfUnsafeBody(value); // multipart fields skip the JSON parser's check
    if (dto && !PLAIN_TYPES.has(dto)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new SchemaValidationError({
          message: 'Invalid content type: the request body must be a JSON object (application/json)',
        });
      }
      const readOnly = readOnlyFieldsOf(dto) ?? [];
      const bad = readOnly.find((f) => Object.prototype.hasOwnProperty.call(value, f));
      if (bad) throw new ReadOnlyFieldError(bad);
    }
    return this.strict.transform(value, metadata);
  }
}
