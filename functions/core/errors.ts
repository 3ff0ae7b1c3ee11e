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
  'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `input.committee.members.0.sector`. */
  readonly field: string;
  readonly message: string;
}

/**
 * Error messages quote at most a short prefix of what a client sent: a 1 MB value echoed in a
 * message (twice, in GraphQL's own coercion messages) would make every bad request a large
 * response. `briefMessage` cuts each quoted value and each long unbroken run of characters to
 * QUOTE_PREFIX characters and an ellipsis, and the whole message to MAX_MESSAGE_LENGTH; AppErrors
 * are made brief when thrown and every response message is made brief again (briefFormattedError).
 */
export const QUOTE_PREFIX = 32;
const LONG_RUN = 64;
export const MAX_MESSAGE_LENGTH = 500;

/** At most `length` UTF-16 units of `text`, never half a surrogate pair. */
function prefix(text: string, length: number): string {
  const cut = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A value as a message quotes it: at most QUOTE_PREFIX characters, then `…`. */
export function quote(value: unknown): string {
  const text = String(value);
  return text.length > QUOTE_PREFIX ? `${prefix(text, QUOTE_PREFIX)}…` : text;
}

export function briefMessage(message: string): string {
  const brief = message
    .replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => (quoted.length > LONG_RUN ? `"${prefix(quoted.slice(1), QUOTE_PREFIX)}…"` : quoted))
    .replace(new RegExp(`[^\\s"]{${LONG_RUN + 1},}`, 'g'), (run) => `${prefix(run, QUOTE_PREFIX)}…`);
  return brief.length > MAX_MESSAGE_LENGTH ? `${prefix(brief, MAX_MESSAGE_LENGTH)}…` : brief;
}

interface FormattedError {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** A response error with every message in it brief (its own, and those of its `issues`). */
export function briefFormattedError<E extends FormattedError>(formatted: E): E {
  const extensions = formatted.extensions;
  const issues = extensions?.issues;
  const field = extensions?.field;
  return {
    ...formatted,
    message: briefMessage(formatted.message),
    ...(extensions
      ? {
          extensions: {
            ...extensions,
            ...(typeof field === 'string' ? { field: briefMessage(field) } : {}),
            ...(Array.isArray(issues) ? { issues: issues.map(briefIssue) } : {}),
          },
        }
      : {}),
  };
}

function briefIssue(issue: unknown): unknown {
  if (issue === null || typeof issue !== 'object') return issue;
  const { field, message } = issue as Partial<FieldIssue>;
  return {
    ...issue,
    ...(typeof field === 'string' ? { field: briefMessage(field) } : {}),
    ...(typeof message === 'string' ? { message: briefMessage(message) } : {}),
  };
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(briefMessage(message), options);
  }
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
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], options?: ErrorOptions) {
    const first = issues[0];
    super(first ? `${first.field}: ${first.message}` : 'invalid input', options);
    this.issues = issues.map((issue) => ({ field: briefMessage(issue.field), message: briefMessage(issue.message) }));
    this.name = 'BadUserInputError';
  }
  /** The rule a request broke, when it is one of the programme's (NATIONAL_TWO_YEARS, DECISION_FOLLOWS_SHEET, …). */
  rule?: string;
  static field(field: string, message: string): BadUserInputError {
    return new BadUserInputError([{ field, message }]);
  }
  /** A refusal by a named rule of the programme: `extensions.rule` names it beside the field. */
  static rule(rule: string, field: string, message: string): BadUserInputError {
    const error = new BadUserInputError([{ field, message }]);
    error.rule = rule;
    return error;
  }
  override get details(): Record<string, unknown> {
    return { field: this.issues[0]?.field, issues: this.issues, ...(this.rule ? { rule: this.rule } : {}) };
  }
}

/**
 * No token, or one that does not verify: HTTP 401 on both doors with a `WWW-Authenticate: Bearer`
 * challenge, whose `error` is the challenge given here (RFC 6750): none for a request without
 * a token, `invalid_request` for an Authorization header that is not `Bearer <token>`,
 * `invalid_token` for a token that does not verify. The message says which, never the token.
 */
export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  readonly challenge: 'invalid_request' | 'invalid_token' | undefined;
  constructor(message = 'a bearer token is required: send the header Authorization: Bearer <token>', options?: ErrorOptions & { challenge?: 'invalid_request' | 'invalid_token' }) {
    super(message, options);
    this.name = 'UnauthenticatedError';
    this.challenge = options?.challenge;
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

/**
 * Too many requests of one caller in a window (an intake app's reports per minute): nothing was
 * written; `extensions.retryAfterSeconds` says when the window ends, and both doors answer HTTP 429
 * with a Retry-After header (Apollo takes `extensions.http` of a resolver's error for the response).
 */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RateLimitedError';
  }
  override get details(): Record<string, unknown> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
  /** What graphql-js copies onto the located error, and Apollo turns into the response's status and header. */
  get extensions(): Record<string, unknown> {
    return { code: this.code, http: { status: this.httpStatus, headers: new Map([['retry-after', String(this.retryAfterSeconds)]]) } };
  }
}
