/** One item of the contract's error body. */
export interface ErrorItem {
  message: string;
  type: string;
  source: string;
  value: unknown;
  description: string;
}

export interface ErrorDetail {
  message?: string;
  type?: string;
  source?: string;
  value?: unknown;
  description?: string;
}

/** Base class of every error the API answers with on purpose; the filter maps it to HTTP. */
export class ApiError extends Error {
  readonly items: ErrorItem[];
  readonly headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    defaultType: string,
    detail: ErrorDetail | ErrorDetail[] = {},
  ) {
    const list = Array.isArray(detail) ? detail : [detail];
    const items = list.map((d) => {
      const type = d.type ?? defaultType;
      return {
        message: d.message ?? `An unexpected ${type} occurred.`,
        type,
        source: d.source ?? '',
        value: d.value ?? '',
        description: d.description ?? '',
      };
    });
    super(items[0]?.message ?? defaultType);
    this.items = items;
  }
}

/** 400: the request is malformed or breaks a validation rule. */
export class ValidationError extends ApiError {
  constructor(detail: ErrorDetail | ErrorDetail[] = {}) {
    super(400, 'ValidationError', detail);
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

/** 401: any authentication failure; always the same body. */
export class AuthenticationError extends ApiError {
  constructor() {
    super(401, 'AuthenticationError', {
      message: 'Authentication Failed',
      source: 'ApiToken',
      description: 'Authentication Failed',
    });
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

/** 401: wrong user name or password at login. */
export class LoginError extends ApiError {
  constructor() {
    super(401, 'LoginError', { message: 'Invalid credentials', description: 'Invalid credentials' });
  }
}

/** 403: the caller is known but not allowed. */
export class ForbiddenError extends ApiError {
  constructor(detail: ErrorDetail = {}) {
    super(403, 'ForbiddenError', { message: 'Insufficient Privileges', ...detail });
  }
}

/** 404: no such record (or one the caller may not know about). */
export class NotFoundError extends ApiError {
  constructor(detail: ErrorDetail = {}) {
    super(404, 'ResourceNotFoundError', { message: 'Resource not found', ...detail });
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends ApiError {
  constructor(allow: string[]) {
    super(405, 'MethodNotAllowedError', {
      message: 'Method not allowed',
      description: `Allowed methods: ${allow.join(', ')}`,
    });
    this.headers['Allow'] = allow.join(', ');
  }
}

/** 409: a record with that name (any case) already exists. */
export class DuplicateResourceError extends ApiError {
  constructor(detail: ErrorDetail = {}) {
    super(409, 'DuplicateResourceError', { message: 'Duplicate resource', ...detail });
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ApiError {
  constructor(limit?: number) {
    super(413, 'PayloadTooLargeError', {
      message: 'Request body too large',
      description: limit ? `The limit for this route is ${limit} bytes.` : '',
    });
  }
}

/** 429: too many requests; carries Retry-After. */
export class TooManyRequestsError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(429, 'TooManyRequestsError', {
      message: 'Too many requests',
      description: `Try again in ${retryAfterSeconds} seconds.`,
    });
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** 503: the database is unreachable, too slow or shutting down; the request may be retried. */
export class ServiceUnavailableError extends ApiError {
  constructor(retryAfterSeconds = 2) {
    super(503, 'ServiceUnavailableError', {
      message: 'Service temporarily unavailable',
      description: `The database is not answering. Try again in ${retryAfterSeconds} seconds.`,
    });
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
