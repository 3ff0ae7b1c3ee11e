import type { ErrorCode } from '#core/errors.ts';

/**
 * Every `extensions.code` the API can answer, with its HTTP status and when it happens: the
 * README's table is this list (tests/unit/error-codes.test.ts fails on a code the code can
 * return that is not here). `status` is for application/json, the media type a client gets
 * without Accept; `specStatus` where application/graphql-response+json differs.
 */
export interface PublicErrorCode {
  readonly code: string;
  readonly status: string;
  readonly specStatus?: string;
  readonly when: string;
}

type AppCodes = { readonly [code in ErrorCode]: PublicErrorCode };

/** The platform's own codes (functions/core/errors.ts ERROR_CODES), one AppError class each. */
const APP_CODES: AppCodes = {
  BAD_USER_INPUT: {
    code: 'BAD_USER_INPUT',
    status: '200',
    specStatus: '200 (400 for variables that do not coerce)',
    when: 'an input fails validation (extensions.field names it, extensions.issues lists every issue, extensions.rule a programme rule); also variables that do not coerce to their types (no data: 200, or 400 under graphql-response+json)',
  },
  UNAUTHENTICATED: {
    code: 'UNAUTHENTICATED',
    status: '401',
    when: 'no token, an Authorization header that is not "Bearer <token>", a malformed token, a bad signature, an unknown key, an expired token, one for another audience or issuer, not valid yet, valid for more than 24 h, not an ID token, or without a platform role; the message says which, WWW-Authenticate: Bearer gives error="invalid_request" or "invalid_token"',
  },
  FORBIDDEN: { code: 'FORBIDDEN', status: '200', when: 'the caller’s role may not do this (the policy, functions/core/auth/policy.ts); also 403 for a CORS preflight from an origin the local door does not allow' },
  NOT_FOUND: { code: 'NOT_FOUND', status: '200', when: 'no such record, or one outside the caller’s scope (never told apart); 404 with BAD_REQUEST for a path the API does not serve' },
  CONFLICT: { code: 'CONFLICT', status: '200', when: 'a stale version (optimistic update), a duplicate, or a state that does not allow the move' },
  RATE_LIMITED: { code: 'RATE_LIMITED', status: '429', when: 'an intake app past its residents’ reports per minute; Retry-After and extensions.retryAfterSeconds say when the window ends; nothing was written' },
};

export const PUBLIC_ERROR_CODES: readonly PublicErrorCode[] = [
  ...Object.values(APP_CODES),
  { code: 'QUERY_TOO_COMPLEX', status: '200', specStatus: '400', when: 'over the request limits before anything runs: tokens, depth, aliases, directives, cost, selections, a second aggregateExport (extensions.limit names it outside production)' },
  { code: 'GRAPHQL_PARSE_FAILED', status: '200', specStatus: '400', when: 'the document does not parse' },
  { code: 'GRAPHQL_VALIDATION_FAILED', status: '200', specStatus: '400', when: 'the document does not validate against the schema (an unknown field, a missing argument; introspection in production)' },
  { code: 'OPERATION_RESOLUTION_FAILURE', status: '200', specStatus: '400', when: 'the operation to run cannot be told: several operations and no operationName, or one that is not in the document' },
  { code: 'PERSISTED_QUERY_NOT_FOUND', status: '200', when: 'an automatic persisted query’s hash the server has not seen: send the query with it' },
  { code: 'PERSISTED_QUERY_NOT_SUPPORTED', status: '400', when: 'never while automatic persisted queries are on (Apollo’s default, kept)' },
  {
    code: 'BAD_REQUEST',
    status: '400, 405, 406 or 415',
    when: 'not a well-formed GraphQL-over-HTTP request: no query or a body that is not a JSON object of its parameters (400), a body that is not UTF-8 JSON (400), a batch (400), a mutation over GET (405, Allow: POST), another method (405), an Accept of neither JSON type (406), a Content-Type other than application/json or none, a charset other than UTF-8 or a compressed body (415); a GET with a form content type (400: CSRF)',
  },
  { code: 'PAYLOAD_TOO_LARGE', status: '413', when: 'a body over 1 MB, refused before it is read to its end (files go through the upload URLs, large imports through npm run import or the import job)' },
  { code: 'INTERNAL_SERVER_ERROR', status: '200 (500 before execution)', when: 'a fault of ours: masked (no message, no stack), logged in full; within a field the rest of the data still comes' },
];
