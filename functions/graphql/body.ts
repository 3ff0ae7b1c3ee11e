import { REQUEST_LIMITS } from './limits.ts';

/**
 * A request body as both doors take it, before Apollo sees it: at most REQUEST_LIMITS.bodyBytes
 * (checked before anything is decoded or parsed), not compressed, UTF-8, and JSON when it says so.
 * What is refused is answered as a GraphQL error in JSON with its own code, never a page:
 *
 * - 413 PAYLOAD_TOO_LARGE: over 1 MB;
 * - 415 BAD_REQUEST: a Content-Type other than application/json (none, text/plain, a form: the
 *   GraphQL-over-HTTP spec's status for a media type the server does not take), a
 *   Content-Encoding (gzip …) or a charset other than UTF-8;
 * - 400 BAD_REQUEST: bytes that are not UTF-8, or a JSON body that does not parse.
 */
export interface BodyRefusal {
  readonly status: number;
  readonly code: 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST' | 'FORBIDDEN';
  readonly message: string;
}

export type BodyOutcome = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly refusal: BodyRefusal };

export const TOO_LARGE: BodyRefusal = {
  status: 413,
  code: 'PAYLOAD_TOO_LARGE',
  message: `the request body is larger than ${REQUEST_LIMITS.bodyBytes} bytes (1 MB): send files through the upload URLs and large imports through npm run import`,
};

export function isTooLarge(bytes: number): boolean {
  return bytes > REQUEST_LIMITS.bodyBytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses a POST's body of at most REQUEST_LIMITS.bodyBytes (the caller has counted
 * them) into the parsed JSON; an empty body is '' (Apollo answers it 400: no query).
 */
export function parseBody(bytes: Uint8Array, headers: { contentType?: string | undefined; contentEncoding?: string | undefined }): BodyOutcome {
  if (isTooLarge(bytes.byteLength)) return { ok: false, refusal: TOO_LARGE };
  const encoding = headers.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    return refused(415, 'the request body must not be compressed (no Content-Encoding)');
  }
  const contentType = headers.contentType?.toLowerCase() ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/.exec(contentType)?.[1];
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return refused(415, 'the request body must be UTF-8');
  }
  const mediaType = contentType.split(';')[0]?.trim();
  if (mediaType !== 'application/json') {
    return refused(415, mediaType ? `the request body must be application/json, not ${mediaType.slice(0, 64)}` : 'the request needs Content-Type: application/json');
  }
  if (bytes.byteLength === 0) return { ok: true, body: '' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refused(400, 'the request body is not valid UTF-8');
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse's own message quotes the body: say only what is wrong.
    return refused(400, 'the request body is not valid JSON');
  }
}

function refused(status: number, message: string): BodyOutcome {
  return { ok: false, refusal: { status, code: 'BAD_REQUEST', message } };
}

/** A refusal as the response body: a GraphQL error in JSON. */
export function refusalJson(refusal: BodyRefusal): string {
  return JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}
