/** One item of the contract's error body. */
export interface ErrorItem {
  message: string;
  type: string;
  source: string;
  value: unknown;
  description: string;
}

/** What a thrower may say about an error; its wire `type` is its class's, never the caller's. */
export interface ErrorDetail {
  message?: string;
  source?: string;
  value?: unknown;
  description?: string;
}

/**
 * Base class of every error the API answers with on purpose. Each wire `type` is one class
 * (its static `type`); the exception filter maps classes to HTTP statuses, in one table.
 */
export abstract class ApiError extends Error {
  /** The wire `type` of this class's items. */
  static readonly type: string = 'Error';

  readonly items: ErrorItem[];
  readonly headers: Record<string, string> = {};

  /** `type` is for the filter's pass-through of framework errors only; classes use their static type. */
  protected constructor(detail: ErrorDetail | ErrorDetail[] = {}, type?: string) {
    const wireType = type ?? (new.target as unknown as { type: string }).type;
    const list = Array.isArray(detail) ? detail : [detail];
    const items = list.map((d) => ({
      message: d.message ?? `An unexpected ${wireType} occurred.`,
      type: wireType,
      source: d.source ?? '',
      value: d.value ?? '',
      description: d.description ?? '',
    }));
    super(items[0]?.message ?? wireType);
    this.items = items;
  }
}

// ── 400 ─────────────────────────────────────────────────────────────────────────────────────

/** 400: the request is malformed or breaks a validation rule. */
export class ValidationError extends ApiError {
  static override readonly type: string = 'ValidationError';
  constructor(detail: ErrorDetail | ErrorDetail[] = {}) {
    super(detail);
  }
}

/** 400: a property only the server may set was sent. */
export class ReadOnlyFieldError extends ValidationError {
  constructor(field: string, source = '') {
    super({
      message: `You cannot modify the read-only field: ${field}`,
      description: `You cannot modify the read-only field: ${field}`,
      source,
      value: field,
    });
  }
}

/** 400: a body, parameter or property fails its schema (the original's swagger validator type). */
export class SchemaValidationError extends ValidationError {
  static override readonly type = 'SCHEMA_VALIDATION_FAILED';
}

/** 400: the body is not JSON, or nests too deep to be read safely. */
export class InvalidJsonError extends ValidationError {
  static override readonly type = 'InvalidJsonError';
}

/** 400: the body is not valid UTF-8. */
export class InvalidEncodingError extends ValidationError {
  static override readonly type = 'InvalidEncodingError';
}

/** 400: a NUL character in the path, query or body. */
export class InvalidCharacterError extends ValidationError {
  static override readonly type = 'InvalidCharacterError';
}

/** 400: the same tag twice (ignoring case). */
export class DuplicateFieldError extends ValidationError {
  static override readonly type = 'DuplicateFieldError';
}

/** 400: a list filter that cannot be applied (e.g. included and excluded values mixed). */
export class InvalidFilterParameterError extends ValidationError {
  static override readonly type = 'InvalidFilterParameterError';
}

/** 400: a perspective's filters contradict each other. */
export class InvalidPerspectiveError extends ValidationError {
  static override readonly type = 'InvalidPerspectiveError';
}

/** 400: an aspect's status ranges do not fit its value type. */
export class InvalidAspectStatusRangeError extends ValidationError {
  static override readonly type = 'InvalidAspectStatusRange';
}

/** 400: parentId and parentAbsolutePath name different subjects. */
export class ParentSubjectNotMatchError extends ValidationError {
  static override readonly type = 'ParentSubjectNotMatch';
}

/** 400: a subject would become its own ancestor. */
export class IllegalSelfParentingError extends ValidationError {
  static override readonly type = 'IllegalSelfParenting';
}

/** 400: the named parent subject does not exist. */
export class ParentSubjectNotFoundError extends ValidationError {
  static override readonly type = 'ParentSubjectNotFound';
}

/** 400: the new parent already has a child of that name. */
export class SubjectAlreadyExistsUnderParentError extends ValidationError {
  static override readonly type = 'SubjectAlreadyExistsUnderParent';
}

/** 400: revoking a revoked token, or restoring one that is not. */
export class InvalidTokenActionError extends ValidationError {
  static override readonly type = 'InvalidTokenActionError';
}

// ── 401 ─────────────────────────────────────────────────────────────────────────────────────

/** 401: any authentication failure; always the same body. */
export class AuthenticationError extends ApiError {
  static override readonly type = 'AuthenticationError';
  constructor() {
    super({ message: 'Authentication Failed', source: 'ApiToken', description: 'Authentication Failed' });
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

/** 401: wrong user name or password at login. */
export class LoginError extends ApiError {
  static override readonly type = 'LoginError';
  constructor() {
    super({ message: 'Invalid credentials', description: 'Invalid credentials' });
  }
}

// ── 403 ─────────────────────────────────────────────────────────────────────────────────────

/** 403: the caller is known but not allowed. */
export class ForbiddenError extends ApiError {
  static override readonly type: string = 'ForbiddenError';
  constructor(detail: ErrorDetail = {}) {
    super({ message: 'Insufficient Privileges', ...detail });
  }
}

/** 403: a sample write refused by its aspect's writers (the original's type for samples). */
export class UpdateDeleteForbiddenError extends ForbiddenError {
  static override readonly type = 'UpdateDeleteForbidden';
}

/** 403: the first admin, or a built-in profile, cannot be changed that way. */
export class AdminUpdateDeleteForbiddenError extends ForbiddenError {
  static override readonly type = 'AdminUpdateDeleteForbidden';
}

/** 403: a profile that still has users cannot be deleted. */
export class ProfileDeleteConstraintError extends ForbiddenError {
  static override readonly type = 'ProfileDeleteConstraintError';
}

/** 403: a subject that still has children cannot be deleted on its own. */
export class SubjectDeleteConstraintError extends ForbiddenError {
  static override readonly type = 'SubjectDeleteConstraintError';
}

// ── 404 – 503 ───────────────────────────────────────────────────────────────────────────────

/** 404: no such record (or one the caller may not know about). */
export class NotFoundError extends ApiError {
  static override readonly type = 'ResourceNotFoundError';
  constructor(detail: ErrorDetail = {}) {
    super({ message: 'Resource not found', ...detail });
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends ApiError {
  static override readonly type = 'MethodNotAllowedError';
  constructor(allow: string[]) {
    super({ message: 'Method not allowed', description: `Allowed methods: ${allow.join(', ')}` });
    this.headers['Allow'] = allow.join(', ');
  }
}

/** 409: a record with that name (any case) already exists. */
export class DuplicateResourceError extends ApiError {
  static override readonly type = 'DuplicateResourceError';
  constructor(detail: ErrorDetail = {}) {
    super({ message: 'Duplicate resource', ...detail });
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ApiError {
  static override readonly type = 'PayloadTooLargeError';
  constructor(limit?: number) {
    super({ message: 'Request body too large', description: limit ? `The limit for this route is ${limit} bytes.` : '' });
  }
}

/** 429: too many requests; carries Retry-After. */
export class TooManyRequestsError extends ApiError {
  static override readonly type = 'TooManyRequestsError';
  constructor(retryAfterSeconds: number) {
    super({ message: 'Too many requests', description: `Try again in ${retryAfterSeconds} seconds.` });
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** 500: an unexpected failure; the body names only a correlation id (the cause is logged). */
export class InternalServerError extends ApiError {
  static override readonly type = 'InternalServerError';
  constructor(correlationId: string) {
    super({ message: 'An unexpected error occurred.', description: `Correlation id: ${correlationId}` });
  }
}

/** 503: the database is unreachable, too slow or shutting down; the request may be retried. */
export class ServiceUnavailableError extends ApiError {
  static override readonly type = 'ServiceUnavailableError';
  constructor(retryAfterSeconds = 2) {
    super({
      message: 'Service temporarily unavailable',
      description: `The database is not answering. Try again in ${retryAfterSeconds} seconds.`,
    });
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
