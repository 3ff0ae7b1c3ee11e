/**
 * The evidence upload (证明材料上传) every front end otherwise writes: hash the file, register it
 * (requestEvidenceUpload), POST it straight to storage with the presigned fields, then wait for the
 * evidence processor to check it. Web APIs only (WebCrypto, fetch, Blob, TextEncoder, AbortSignal):
 * it runs in a browser and in Node 20+, with any GraphQL client (see GraphQLExecutor).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  type AqtElement,
  type EvidenceFieldsFragment,
  type EvidenceOwnerType,
  EvidenceStatusDocument,
  RequestEvidenceUploadDocument,
} from './gql/graphql.js';

/**
 * Runs one typed document and resolves with its data, or rejects with the GraphQL errors (each
 * with extensions.code, and extensions.field for BAD_USER_INPUT). Queries must go to the server
 * (no cache): the helper polls with them. createFetchExecutor, apolloExecutor (apollo.ts) and
 * urqlExecutor (urql.ts) make one.
 */
export type GraphQLExecutor = <TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: { readonly signal?: AbortSignal | undefined },
) => Promise<TResult>;

export interface EvidenceFile {
  /** The file: a File from an <input type="file"> (its name and type are used), a Blob, or bytes (a Uint8Array, a Node Buffer). */
  readonly file: Blob | ArrayBuffer | ArrayBufferView;
  /** The name shown and offered on download (Chinese names are kept); defaults to the File's name. */
  readonly fileName?: string;
  /** application/pdf, image/jpeg, image/png, image/webp, DOCX, XLSX or video/mp4; defaults to the Blob's type. */
  readonly contentType?: string;
  /** What the evidence is attached to; for COMMUNITY and COMMITTEE the community's id. */
  readonly ownerType: EvidenceOwnerType;
  readonly ownerId: string;
  /** The AQ/T 9001 element it supports, for the archive (创建档案). */
  readonly element?: AqtElement;
}

export type UploadStep = 'hashing' | 'registering' | 'sending' | 'checking';

export interface UploadOptions {
  /**
   * How long to wait for the processor's check once the file is sent (default 120 s; the check
   * itself takes a second or two). Past it the promise rejects with code TIMEOUT; the evidence
   * may still become AVAILABLE later: read evidence(id) then.
   */
  readonly timeoutMs?: number;
  /** Between two reads of the evidence's status (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Stops the upload and the wait; the promise rejects with the signal's reason (an AbortError). */
  readonly signal?: AbortSignal;
  /** The fetch that POSTs the file to storage (the global fetch otherwise). */
  readonly fetch?: typeof fetch;
  /** Called as the upload moves on (for a progress line). */
  readonly onStep?: (step: UploadStep) => void;
}

export type EvidenceUploadErrorCode = 'TIMEOUT' | 'UPLOAD_REFUSED' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN' | 'INVALID_FILE';

/** Why an upload did not end AVAILABLE. `evidence` is the evidence as last read, once it was registered. */
export class EvidenceUploadError extends Error {
  override readonly name = 'EvidenceUploadError';
  constructor(
    readonly code: EvidenceUploadErrorCode,
    message: string,
    readonly evidence?: EvidenceFieldsFragment,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;

/**
 * Uploads one file as evidence and resolves with it AVAILABLE (with its downloadUrl). Rejects with
 * an EvidenceUploadError (REJECTED with the processor's reason, TIMEOUT, UPLOAD_REFUSED when
 * storage refused the POST), with the GraphQL errors of requestEvidenceUpload (BAD_USER_INPUT
 * naming the field, e.g. input.contentType; FORBIDDEN), or with the signal's reason when aborted.
 */
export async function uploadEvidence(execute: GraphQLExecutor, evidenceFile: EvidenceFile, options: UploadOptions = {}): Promise<EvidenceFieldsFragment> {
  const { signal, onStep } = options;
  const send = options.fetch ?? globalThis.fetch;
  signal?.throwIfAborted();

  const fileName = evidenceFile.fileName ?? (isNamed(evidenceFile.file) ? evidenceFile.file.name : undefined);
  const contentType = evidenceFile.contentType ?? (evidenceFile.file instanceof Blob ? evidenceFile.file.type : '');
  if (!fileName) throw new EvidenceUploadError('INVALID_FILE', 'fileName is required when the file is not a File');
  if (!contentType) throw new EvidenceUploadError('INVALID_FILE', `contentType is required: the file ${fileName} has no type`);

  onStep?.('hashing');
  const bytes = await bytesOf(evidenceFile.file);
  const sha256 = await sha256Hex(bytes);
  signal?.throwIfAborted();

  onStep?.('registering');
  const { requestEvidenceUpload } = await execute(
    RequestEvidenceUploadDocument,
    {
      input: {
        ownerType: evidenceFile.ownerType,
        ownerId: evidenceFile.ownerId,
        fileName,
        contentType,
        size: bytes.byteLength,
        sha256,
        ...(evidenceFile.element ? { element: evidenceFile.element } : {}),
      },
    },
    { signal },
  );
  const { evidence, upload } = requestEvidenceUpload;

  onStep?.('sending');
  const form = presignedPostBody(upload.fields, bytes, fileName, contentType);
  const response = await send(upload.url, { method: 'POST', body: form.body, headers: { 'content-type': form.contentType }, ...(signal ? { signal } : {}) });
  const answer = await response.text();
  if (!response.ok) {
    throw new EvidenceUploadError('UPLOAD_REFUSED', `storage refused ${fileName}: HTTP ${response.status}${storageError(answer)}`, evidence);
  }

  onStep?.('checking');
  return waitForCheck(execute, evidence, options);
}

/**
 * Reads the evidence until the processor has checked it: resolves AVAILABLE, rejects REJECTED,
 * EXPIRED or WITHDRAWN with the evidence, or TIMEOUT. Also for an upload sent some other way.
 */
export async function waitForCheck(execute: GraphQLExecutor, registered: Pick<EvidenceFieldsFragment, 'id' | 'fileName'>, options: UploadOptions = {}): Promise<EvidenceFieldsFragment> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const { evidence } = await execute(EvidenceStatusDocument, { id: registered.id }, { signal });
    switch (evidence.status) {
      case 'AVAILABLE':
        return evidence;
      case 'REJECTED':
        throw new EvidenceUploadError('REJECTED', `${evidence.fileName} was rejected: ${evidence.rejectionReason ?? 'no reason given'}`, evidence);
      case 'EXPIRED':
        throw new EvidenceUploadError('EXPIRED', `${evidence.fileName}: the upload URL expired before the file arrived; request a new upload`, evidence);
      case 'WITHDRAWN':
        throw new EvidenceUploadError('WITHDRAWN', `${evidence.fileName} was withdrawn`, evidence);
      case 'PENDING_UPLOAD':
        break;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new EvidenceUploadError(
        'TIMEOUT',
        `${evidence.fileName} (evidence ${evidence.id}) is still PENDING_UPLOAD ${formatSeconds(timeoutMs)} after it was sent: ` +
          'the processor has not checked it yet. Read evidence(id) later: it becomes AVAILABLE or REJECTED.',
        evidence,
      );
    }
    await sleep(Math.min(pollIntervalMs, left), signal);
  }
}

/** Hex SHA-256 of the bytes, with WebCrypto (browsers, Node 20+, Deno, workers). */
export async function sha256Hex(bytes: ArrayBuffer | ArrayBufferView): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', await bytesOf(bytes));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The presigned POST's multipart/form-data body, as a browser's FormData would encode it: every
 * field in the order given, the file last (what the POST policy signs; S3 ignores whatever
 * follows the file). Built as one contiguous buffer, one copy of the file, so fetch sends it in
 * one write with its length known: Node's fetch streams a FormData's Blob in 64 KiB pieces
 * through async iterators, which costs the sender more than the bytes do at a few MiB. Its
 * content type (multipart/form-data with the boundary) is CORS-safelisted like FormData's, so a
 * browser sends it cross-origin without a preflight. The boundary is 64 characters, 50 of them random
 * hex digits (RFC 2046 allows up to 70): it cannot occur in the file by chance, and a longer boundary
 * lets a server's multipart parser skip further through the file on each comparison.
 */
export function presignedPostBody(
  fields: readonly { readonly name: string; readonly value: string }[],
  file: ArrayBufferView,
  fileName: string,
  contentType: string,
): { readonly body: Uint8Array<ArrayBuffer>; readonly contentType: string } {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(25));
  const boundary = `SafeCommunity-${Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  let head = '';
  for (const { name, value } of fields) head += `--${boundary}\r\nContent-Disposition: form-data; name="${formName(name)}"\r\n\r\n${value.replace(/\r?\n|\r/g, '\r\n')}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${formName(fileName)}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const encoder = new TextEncoder();
  const before = encoder.encode(head);
  const after = encoder.encode(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(before.length + file.byteLength + after.length);
  body.set(before, 0);
  body.set(new Uint8Array(file.buffer, file.byteOffset, file.byteLength), before.length);
  body.set(after, before.length + file.byteLength);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A name or file name in a Content-Disposition, escaped as the HTML form encoding does (", CR, LF). */
function formName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A GraphQL error as the API returns it. */
export interface ApiGraphQLError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly field?: string; readonly [key: string]: unknown };
}

/** A response with errors (or a refused request): `errors[i].extensions.code` says why, `.field` which input. */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  constructor(
    readonly status: number,
    readonly errors: readonly ApiGraphQLError[],
  ) {
    const [first] = errors;
    const code = first?.extensions?.code;
    const field = first?.extensions?.field;
    super(first ? `${code ?? 'ERROR'}${field ? ` (${field})` : ''}: ${first.message}` : `HTTP ${status} without a GraphQL answer`);
  }

  /** The first error's extensions.code. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * A GraphQLExecutor on fetch alone (no client library): POST with the bearer token, the data or a
 * GraphQLRequestError.
 */
export function createFetchExecutor(options: { url: string; token: string | (() => string | Promise<string>); fetch?: typeof fetch }): GraphQLExecutor {
  const send = options.fetch ?? globalThis.fetch;
  return async (document, variables, { signal }) => {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const response = await send(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(document), variables }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: ApiGraphQLError[] } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body?.errors?.length) throw new GraphQLRequestError(response.status, body.errors);
    if (!response.ok || body?.data === undefined || body.data === null) throw new GraphQLRequestError(response.status, []);
    return body.data as never;
  };
}

/** The bytes as WebCrypto and Blob take them: a view on an ArrayBuffer (a copy only for a view on shared memory). */
async function bytesOf(file: Blob | ArrayBuffer | ArrayBufferView): Promise<Uint8Array<ArrayBuffer>> {
  if (file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  const view = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  return view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : new Uint8Array(view);
}

function isNamed(file: unknown): file is Blob & { name: string } {
  return file instanceof Blob && 'name' in file && typeof file.name === 'string' && file.name !== '';
}

/** S3's XML error, as `: Code (Message)`, at most 200 characters of it. */
function storageError(body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  if (!code) return '';
  return `: ${code}${message ? ` (${message})` : ''}`.slice(0, 200);
}

function formatSeconds(milliseconds: number): string {
  return milliseconds < 1_000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 100) / 10} s`;
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, milliseconds);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
