/**
 * The platform's public error codes, and one small class per code. Anything thrown that is not
 * an AppError is an internal fault: the server masks it as INTERNAL_SERVER_ERROR and logs it.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `input.committee.members.0.sector`. */
  readonly field: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
  /** Extra public detail for `extensions`, beyond the code. */
  get details(): Record<string, unknown> {
    return {};
  }
}

export class BadUserInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly issues: readonly FieldIssue[], options?: ErrorOptions) {
    const first = issues[0];
    super(first ? `${first.field}: ${first.message}` : 'invalid input', options);
    this.name = 'BadUserInputError';
  }
  static field(field: string, message: string): BadUserInputError {
    return new BadUserInputError([{ field, message }]);
  }
  override get details(): Record<string, unknown> {
    return { field: this.issues[0]?.field, issues: this.issues };
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'a valid bearer token is required', options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'not allowed', options?: ErrorOptions) {
    super(message, options);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(readonly entity: string, readonly id: string, options?: ErrorOptions) {
    super(`${entity} ${id} not found`, options);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  constructor(message: string, readonly field?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConflictError';
  }
  override get details(): Record<string, unknown> {
    return this.field ? { field: this.field } : {};
  }
}
