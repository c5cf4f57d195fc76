import { ArgumentsHost, BadRequestException, HttpException, Logger } from '@nestjs/common';
import * as errors from './api-errors';
import { ApiError } from './api-errors';
import { ApiExceptionFilter, httpStatusOf } from './api-exception.filter';

/** Every error class of the catalogue (the exports that are classes deriving from ApiError). */
const classes = (Object.values(errors) as unknown[]).filter(
  (v): v is { prototype: ApiError; type: string } => typeof v === 'function' && v.prototype instanceof ApiError,
);

/** Each wire type with the status it answers with: what clients see, pinned. */
const EXPECTED: Record<string, number> = {
  ValidationError: 400,
  SCHEMA_VALIDATION_FAILED: 400,
  InvalidJsonError: 400,
  InvalidEncodingError: 400,
  InvalidCharacterError: 400,
  DuplicateFieldError: 400,
  InvalidFilterParameterError: 400,
  InvalidPerspectiveError: 400,
  InvalidAspectStatusRange: 400,
  ParentSubjectNotMatch: 400,
  IllegalSelfParenting: 400,
  ParentSubjectNotFound: 400,
  SubjectAlreadyExistsUnderParent: 400,
  InvalidTokenActionError: 400,
  AuthenticationError: 401,
  LoginError: 401,
  ForbiddenError: 403,
  UpdateDeleteForbidden: 403,
  AdminUpdateDeleteForbidden: 403,
  ProfileDeleteConstraintError: 403,
  SubjectDeleteConstraintError: 403,
  ResourceNotFoundError: 404,
  MethodNotAllowedError: 405,
  DuplicateResourceError: 409,
  PayloadTooLargeError: 413,
  TooManyRequestsError: 429,
  InternalServerError: 500,
  ServiceUnavailableError: 503,
};

/** What the filter writes for a thrown value. */
function answer(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const out = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status(s: number) {
      out.status = s;
      return this;
    },
    json: (b: unknown) => (out.body = b),
  };
  const req = { path: '/v1/nowhere', id: 'req-1' };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return out;
}

describe('error classes and their statuses', () => {
  it('gives every wire type one class and one status', () => {
    const own = classes.filter((c) => Object.prototype.hasOwnProperty.call(c, 'type'));
    const statusOfType = Object.fromEntries(own.map((c) => [c.type, httpStatusOf(Object.create(c.prototype) as ApiError)]));
    expect(own.length).toBe(new Set(own.map((c) => c.type)).size);
    expect(statusOfType).toEqual(EXPECTED);
  });

  it('gives a class without a type of its own the type and status of its parent', () => {
    const e = new errors.ReadOnlyFieldError('id');
    expect([httpStatusOf(e), e.items[0].type]).toEqual([400, 'ValidationError']);
  });

  it('writes the class type into every item; the thrower chooses only message, source, value and description', () => {
    const e = new errors.SchemaValidationError([{ message: 'a', source: 'x' }, { message: 'b', value: 3 }]);
    expect(answer(e)).toEqual({
      status: 400,
      headers: {},
      body: {
        errors: [
          { message: 'a', type: 'SCHEMA_VALIDATION_FAILED', source: 'x', value: '', description: '' },
          { message: 'b', type: 'SCHEMA_VALIDATION_FAILED', source: '', value: 3, description: '' },
        ],
      },
    });
  });

  it('passes the status of a framework 4xx through, with the type of our class for that status', () => {
    expect(answer(new HttpException('Unsupported Media Type', 415))).toMatchObject({ status: 415, body: { errors: [{ type: 'ValidationError' }] } });
    expect(answer(new HttpException('Gone', 410))).toMatchObject({ status: 410, body: { errors: [{ type: 'Error', message: 'Gone' }] } });
    expect(answer(new BadRequestException('nope'))).toMatchObject({ status: 400, body: { errors: [{ type: 'ValidationError', message: 'nope' }] } });
    expect(answer(Object.assign(new Error('x'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({
      status: 400,
      body: { errors: [{ type: 'InvalidJsonError', message: 'Malformed JSON in request body' }] },
    });
  });

  it('answers anything else with a 500 naming only a correlation id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const out = answer(new Error('secret detail'));
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
    expect(out).toEqual({
      status: 500,
      headers: {},
      body: { errors: [{ message: 'An unexpected error occurred.', type: 'InternalServerError', source: '', value: '', description: 'Correlation id: req-1' }] },
    });
  });
});
