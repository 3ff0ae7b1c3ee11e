import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { fileURLToPath } from 'node:url';
import { IDE_ASSET_PREFIX, IdeAssets } from '#ide/assets.ts';
import { ideEnabled } from '#ide/page.ts';
import { type BodyRefusal, isTooLarge, parseBody, refusalJson, TOO_LARGE } from './body.ts';
import { checkHealth, HEALTH_PATH } from './health.ts';
import { SERVICE_NAMES } from '#core/metric-names.ts';
import { type Observability, observability } from '#core/observability.ts';
import { type DoorAnswer, errorLogger, observabilityPlugin, observeRequest } from './observability-plugin.ts';
import type { AppDependencies } from './server.ts';
import { createContext, createServer } from './server.ts';

/** Where the local door listens unless told otherwise (`HOST`): this machine only. */
export const LOCAL_HOST = '127.0.0.1';

/** Origins a page may call the local door from: any port of localhost or 127.0.0.1, nothing else. */
export const LOCAL_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?$/;

/** How long, and how much more of, a refused body is still read (and discarded) before its connection is cut. */
const DISCARD_MS = 5_000;
const DISCARD_BYTES = 64_000_000;

const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/** A caller's `x-request-id` is the request's correlation id when it is a plain token; otherwise one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where scripts/build-ide.ts writes the IDE's assets (the local door serves them; in AWS a function of their own does). */
const IDE_ASSETS_DIR = fileURLToPath(new URL('../../dist/ide/', import.meta.url));

/**
 * The local door: the same server over plain HTTP at /graphql (and /), on 127.0.0.1 unless
 * `host` says otherwise. Node's own HTTP server, not Apollo's standalone one (Express): the body
 * is counted while it arrives and refused past 1 MB (413), and a body that is not UTF-8 JSON is
 * answered as the Lambda door answers it (body.ts), a GraphQL error in JSON, never an error page.
 * CORS answers only localhost origins. Beside the API: `GET /health` (health.ts) and, where the
 * IDE is on (every stage but prod), its assets under /ide/ from dist/ide (a browser's GET of
 * /graphql gets the IDE's page from the server itself, as through the Lambda door).
 */
export async function startHttpServer(
  deps: AppDependencies,
  port: number,
  host: string = LOCAL_HOST,
  obs: Observability = observability(SERVICE_NAMES.graphql),
): Promise<{ url: string; stop: () => Promise<void> }> {
  const ide = ideEnabled(deps.config.stage);
  const errors = errorLogger(obs);
  const server = createServer({ stage: deps.config.stage, ide, logger: errors, plugins: [observabilityPlugin()] });
  const ideAssets = new IdeAssets(IDE_ASSETS_DIR);
  const httpServer = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      errors.error('local door:', error);
      if (!response.headersSent) send(response, 500, JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      else response.destroy();
    });
  });
  server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  await server.start();
  // This process's one ColdStart (metrics are off locally unless POWERTOOLS_METRICS_DISABLED=false).
  await obs.startInvocation();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    if (origin && LOCAL_ORIGIN.test(origin)) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'origin');
    }
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      const health = await checkHealth(deps);
      response.writeHead(health.status, { ...health.headers, 'content-length': Buffer.byteLength(health.body) });
      response.end(request.method === 'HEAD' ? undefined : health.body);
      return;
    }
    if (ide && url.pathname.startsWith(IDE_ASSET_PREFIX) && (request.method === 'GET' || request.method === 'HEAD')) {
      const asset = await ideAssets.answer(url.pathname, { ifNoneMatch: headerValue(request.headers['if-none-match']), acceptEncoding: headerValue(request.headers['accept-encoding']) });
      response.writeHead(asset.status, asset.headers);
      response.end(request.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    if (url.pathname !== '/' && url.pathname !== '/graphql') {
      return refuse(response, { status: 404, code: 'BAD_REQUEST', message: 'the API is at /graphql (and GET /health)' });
    }
    if (request.method === 'OPTIONS') {
      if (!origin || !LOCAL_ORIGIN.test(origin)) {
        return refuse(response, { status: 403, code: 'FORBIDDEN', message: 'only localhost origins may call the local API' });
      }
      response.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const asked = headerValue(request.headers['x-request-id']);
    const requestId = asked && REQUEST_ID.test(asked) ? asked : randomUUID();
    response.setHeader('x-request-id', requestId);
    try {
      await observeRequest(obs, { requestId, door: 'http' }, () => answerGraphql(request, response, url, requestId), (answer) => answer);
    } finally {
      obs.flush();
    }
  }

  /** A GraphQL request (one log line each, observeRequest): its status, and its codes where Apollo did not answer. */
  async function answerGraphql(request: IncomingMessage, response: ServerResponse, url: URL, requestId: string): Promise<DoorAnswer> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.setHeader('allow', 'GET, POST, OPTIONS');
      return refused(response, { status: 405, code: 'BAD_REQUEST', message: 'use POST (or GET for queries)' });
    }
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readBody(request);
      if (!read.ok) return refused(response, read.refusal, request);
      const parsed = parseBody(read.bytes, { contentType: request.headers['content-type'], contentEncoding: request.headers['content-encoding'] });
      if (!parsed.ok) return refused(response, parsed.refusal);
      body = parsed.body;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search: url.search, body },
      context: () => createContext(deps, headerValue(request.headers.authorization), requestId),
    });
    for (const [key, value] of answer.headers) response.setHeader(key, value);
    response.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      response.end(answer.body.string);
      return { status: response.statusCode, body: answer.body.string };
    }
    for await (const chunk of answer.body.asyncIterator) response.write(chunk);
    response.end();
    return { status: response.statusCode };
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  return { url: `http://${urlHost(address.address)}:${address.port}/`, stop: () => server.stop() };
}

/**
 * The body's bytes, counted as they arrive: past 1 MB (by its Content-Length, or by what
 * arrived) the request is refused without reading further.
 */
async function readBody(request: IncomingMessage): Promise<{ ok: true; bytes: Buffer } | { ok: false; refusal: BodyRefusal }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && isTooLarge(declared)) return { ok: false, refusal: TOO_LARGE };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.byteLength;
      if (!isTooLarge(length)) {
        chunks.push(chunk);
        return;
      }
      // Not destroyed: the stream stays open so the refusal can be answered on its connection.
      request.off('data', onData).off('end', onEnd).off('error', reject);
      resolve({ ok: false, refusal: TOO_LARGE });
    };
    const onEnd = (): void => resolve({ ok: true, bytes: Buffer.concat(chunks, length) });
    request.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/**
 * Answers a refusal as a GraphQL error in JSON at once. The rest of a body that was not read to
 * its end (too large) is discarded as it arrives, so the client, still sending, gets the answer
 * rather than a broken pipe; a body that goes on past DISCARD_BYTES or DISCARD_MS more has its
 * connection cut.
 */
function refuse(response: ServerResponse, refusal: BodyRefusal, unread?: IncomingMessage): void {
  if (unread && !unread.complete) discard(unread);
  send(response, refusal.status, refusalJson(refusal));
}

function refused(response: ServerResponse, refusal: BodyRefusal, unread?: IncomingMessage): DoorAnswer {
  refuse(response, refusal, unread);
  return { status: refusal.status, codes: [refusal.code] };
}

function discard(request: IncomingMessage): void {
  let discarded = 0;
  const timer = setTimeout(() => request.destroy(), DISCARD_MS).unref();
  const done = () => clearTimeout(timer);
  request
    .on('data', (chunk: Buffer) => {
      discarded += chunk.byteLength;
      if (discarded > DISCARD_BYTES) request.destroy();
    })
    .once('end', done)
    .once('close', done)
    .resume();
}

function send(response: ServerResponse, status: number, json: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The address to reach a server listening on `address`: a wildcard is reached on this machine. */
function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return LOCAL_HOST;
  return address.includes(':') ? `[${address}]` : address;
}
