import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';

/**
 * What both doors answer over HTTP beyond what Apollo Server does itself, decided here once
 * (server.ts applies it to every answer of the one server). The GraphQL-over-HTTP spec
 * (graphql.github.io/graphql-over-http, the stage of 2025-05 that clients implement today) has
 * two regimes, chosen by the request's Accept and told by the response's Content-Type:
 *
 * - `application/graphql-response+json`: a request that fails to parse or validate (our limits
 *   are validation rules), or whose variables do not coerce, is 400 with its errors and no data;
 *   Apollo does this already.
 * - `application/json` (what a client that sends no Accept, or `*∕*`, gets): the spec's SHOULD is
 *   200 for every response to a well-formed request, because a client cannot tell an
 *   intermediary's 4xx from the server's; Apollo answers those 400, so they are turned into 200.
 *
 * Requests that are not well-formed stay 4xx under both (a body that is not JSON 400, no query
 * 400, a mutation over GET 405, a body that is not JSON by its type 415, over 1 MB 413). Two
 * causes keep their own status under both media types, as the spec allows for a client that is
 * not permitted to issue the request: no or a bad token (401, UNAUTHENTICATED, with a
 * WWW-Authenticate challenge) and an intake app over its rate (429, RATE_LIMITED, Retry-After).
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';

/** Request errors of a well-formed request: raised before execution, answered without data. */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The realm of every Bearer challenge (RFC 6750). */
const REALM = 'safe-community';

/**
 * The WWW-Authenticate header of a 401: no token is a bare challenge; a header that is not
 * `Bearer <token>` is `invalid_request`; a token that does not verify is `invalid_token`, with
 * the message (which names what is wrong, never the token) as its description.
 */
export function bearerChallenge(problem: 'missing' | 'invalid_request' | 'invalid_token', description?: string): string {
  if (problem === 'missing') return `Bearer realm="${REALM}"`;
  const detail = description ? `, error_description="${description.replace(/["\\]/g, "'")}"` : '';
  return `Bearer realm="${REALM}", error="${problem}"${detail}`;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  readonly position: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part, position) => {
      const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const [type = '', subtype = ''] = range.split('/');
      const qParameter = parameters.find((parameter) => parameter.startsWith('q='));
      const q = qParameter ? Number(qParameter.slice(2)) : 1;
      return { type, subtype, q: Number.isFinite(q) ? q : 0, position };
    })
    .filter((range) => range.type && range.subtype);
}

/** The quality the Accept header gives a media type: its most specific matching range's q, and that range's position. */
function quality(ranges: readonly MediaRange[], mediaType: string): { q: number; specificity: number; position: number } {
  const [type, subtype] = mediaType.split('/');
  let best = { q: 0, specificity: -1, position: Number.POSITIVE_INFINITY };
  for (const range of ranges) {
    const specificity = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1;
    if (specificity > best.specificity) best = { q: range.q, specificity, position: range.position };
  }
  return best;
}

/**
 * Whether a GET asks for a page rather than a GraphQL response: text/html ranks above both JSON
 * types (a browser's `text/html,…,*∕*;q=0.8`), as Apollo decides for its landing page.
 */
export function prefersHtml(method: string, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept) return false;
  const ranges = mediaRanges(accept);
  const html = quality(ranges, 'text/html');
  if (html.q <= 0 || html.specificity < 1) return false;
  return [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON].every((type) => {
    const json = quality(ranges, type);
    return html.q > json.q || (html.q === json.q && html.specificity > json.specificity);
  });
}

/**
 * The media type of an answer the server writes itself (a 401 before the request is parsed):
 * the one of the two JSON types the Accept header ranks higher, application/json on a tie or
 * without Accept, as Apollo chooses.
 */
export function responseMediaType(accept: string | undefined): string {
  if (!accept) return APPLICATION_JSON;
  const ranges = mediaRanges(accept);
  const json = quality(ranges, APPLICATION_JSON);
  const graphql = quality(ranges, GRAPHQL_RESPONSE_JSON);
  if (graphql.q > json.q) return GRAPHQL_RESPONSE_JSON;
  if (graphql.q === json.q && graphql.q > 0 && graphql.specificity > json.specificity) return GRAPHQL_RESPONSE_JSON;
  if (graphql.q === json.q && graphql.q > 0 && graphql.specificity === json.specificity && graphql.position < json.position) return GRAPHQL_RESPONSE_JSON;
  return APPLICATION_JSON;
}

/** An answer of the server's own: a GraphQL error response in the given media type. */
export function errorAnswer(status: number, mediaType: string, error: { message: string; code: string }, headers: Iterable<[string, string]> = []): HTTPGraphQLResponse {
  return {
    status,
    headers: new HeaderMap([...headers, ['content-type', `${mediaType}; charset=utf-8`]]),
    body: { kind: 'complete', string: JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code } }] }) },
  };
}

/**
 * Apollo's answer made to follow the spec's SHOULD for application/json: a 400 that carries only
 * request errors of a well-formed request (no data entry) becomes 200 with the same body.
 */
export function applyJsonStatus(answer: HTTPGraphQLResponse): HTTPGraphQLResponse {
  if (answer.status !== 400 || answer.body.kind !== 'complete') return answer;
  const contentType = answer.headers.get('content-type') ?? '';
  if (!contentType.startsWith(APPLICATION_JSON)) return answer;
  let result: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    result = JSON.parse(answer.body.string) as typeof result;
  } catch {
    return answer;
  }
  if ('data' in result || !result.errors?.length) return answer;
  const requestErrors = result.errors.every((error) => typeof error.extensions?.code === 'string' && REQUEST_ERROR_CODES.has(error.extensions.code));
  return requestErrors ? { ...answer, status: 200 } : answer;
}
