import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { loadConfig } from '#core/config.ts';
import { type BodyRefusal, isTooLarge, parseBody, refusalJson, TOO_LARGE } from './body.ts';
import type { AppContext } from './context.ts';
import { createContext, createDependencies, createServer } from './server.ts';

/**
 * Lambda entry point behind the HTTP API (payload format 2.0). Configuration, SDK clients and
 * the server are built once per container, at cold start.
 */
const config = loadConfig();
const dependencies = createDependencies(config);
// The integration ships CommonJS typings for @apollo/server while this project imports its ESM
// build; the two ApolloServer declarations are the same class at run time.
const server = createServer({ stage: config.stage }) as unknown as Parameters<
  typeof startServerAndCreateLambdaHandler<ReturnType<typeof handlers.createAPIGatewayProxyEventV2RequestHandler>, AppContext>
>[0];

class BodyRefused extends Error {
  constructor(readonly refusal: BodyRefusal) {
    super(refusal.message);
  }
}

/**
 * The integration's HTTP API v2 request handler, with the body taken as the local door takes it
 * (body.ts): its size checked before it is decoded or parsed (over 1 MB: 413), then UTF-8 and
 * JSON checked, each refusal a GraphQL error in JSON; the integration itself would answer a body
 * that does not parse with JSON.parse's message as plain text.
 */
const v2 = handlers.createAPIGatewayProxyEventV2RequestHandler();
const requestHandler: typeof v2 = {
  fromEvent(event: APIGatewayProxyEventV2) {
    const raw = event.body ?? '';
    const encoding = event.isBase64Encoded ? 'base64' : 'utf8';
    if (isTooLarge(Buffer.byteLength(raw, encoding))) throw new BodyRefused(TOO_LARGE);
    const parsed = parseBody(Buffer.from(raw, encoding), { contentType: header(event, 'content-type'), contentEncoding: header(event, 'content-encoding') });
    if (!parsed.ok) throw new BodyRefused(parsed.refusal);
    return { ...v2.fromEvent({ ...event, body: undefined, isBase64Encoded: false }), body: parsed.body };
  },
  toSuccessResult: v2.toSuccessResult,
  toErrorResult(error: unknown): APIGatewayProxyStructuredResultV2 {
    if (error instanceof BodyRefused) return jsonResult(error.refusal.status, refusalJson(error.refusal));
    console.error('internal error', error);
    return jsonResult(500, JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
  },
};

function jsonResult(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

export const handler = startServerAndCreateLambdaHandler(server, requestHandler, {
  context: ({ event }) => createContext(dependencies, event.headers?.authorization ?? event.headers?.Authorization),
});
