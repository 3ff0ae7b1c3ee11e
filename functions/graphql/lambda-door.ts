import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { randomUUID } from 'node:crypto';
import { ideEnabled } from '#ide/page.ts';
import { SERVICE_NAMES } from '#core/metric-names.ts';
import { type Observability, observability } from '#core/observability.ts';
import { withSubsegment } from '#core/observability/tracing.ts';
import { type BodyRefusal, isTooLarge, parseBody, refusalJson, TOO_LARGE } from './body.ts';
import type { AppContext } from './context.ts';
import { checkHealth, HEALTH_PATH } from './health.ts';
import { errorLogger, observabilityPlugin, observeRequest } from './observability-plugin.ts';
import { type AppDependencies, createContext, createServer } from './server.ts';

/**
 * The Lambda door behind the HTTP API (payload format 2.0): the GraphQL API at /graphql (POST,
 * and GET for queries and the IDE's page where it is on) and `GET /health` (health.ts).
 * handler.ts builds it once per container; tests build one over their own clients.
 */
/** The third argument (the deprecated callback) is accepted for callers written for the integration's handler, and ignored. */
export type GraphqlLambdaHandler = (event: APIGatewayProxyEventV2, context: Context, callback?: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

// The integration ships CommonJS typings for @apollo/server while this project imports its ESM
// build; the two ApolloServer declarations are the same class at run time.
type IntegrationServer = Parameters<
  typeof startServerAndCreateLambdaHandler<ReturnType<typeof handlers.createAPIGatewayProxyEventV2RequestHandler>, AppContext>
>[0];

class BodyRefused extends Error {
  constructor(readonly refusal: BodyRefusal) {
    super(refusal.message);
  }
}

/**
 * The integration's HTTP API v2 request handler, with a POST's body taken as the local door
 * takes it (body.ts): its size checked before it is decoded or parsed (over 1 MB: 413), then its
 * type, UTF-8 and JSON checked, each refusal a GraphQL error in JSON; the integration itself
 * would answer a body that does not parse with JSON.parse's message as plain text. A GET carries
 * its operation in the query string (queryStringParameters), and no body is read.
 */
const v2 = handlers.createAPIGatewayProxyEventV2RequestHandler();
function requestHandlerFor(errors: Pick<Console, 'error'>): typeof v2 {
  return {
    fromEvent(event: APIGatewayProxyEventV2) {
      if (event.requestContext.http.method !== 'POST') return v2.fromEvent({ ...event, body: undefined, isBase64Encoded: false });
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
      errors.error('internal error', error);
      return jsonResult(500, JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    },
  };
}

function jsonResult(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * The function's handler over the given dependencies: the deployed one below, or a test's
 * (whose clients it injects faults into).
 */
export function createLambdaHandler(deps: AppDependencies, obs: Observability = observability(SERVICE_NAMES.graphql)): GraphqlLambdaHandler {
  const errors = errorLogger(obs);
  const server = createServer({ stage: deps.config.stage, ide: ideEnabled(deps.config.stage), logger: errors, plugins: [observabilityPlugin()] }) as unknown as IntegrationServer;
  const graphql = startServerAndCreateLambdaHandler(server, requestHandlerFor(errors), {
    context: ({ event }) => createContext(deps, event.headers?.authorization ?? event.headers?.Authorization, event.requestContext?.requestId),
  });
  return async (event, context) => {
    // The Lambda context joins the log lines, ColdStart is counted once, and where tracing is on
    // the Tracer is loaded and the SDK clients captured before the first request sends anything.
    await obs.startInvocation(context);
    try {
      if (event.rawPath === HEALTH_PATH) {
        const health = await checkHealth(deps);
        return { statusCode: health.status, headers: health.headers, body: health.body };
      }
      const requestId = event.requestContext?.requestId || randomUUID();
      return await withSubsegment('## graphql', () =>
        observeRequest(
          obs,
          { requestId, door: 'lambda' },
          async () => (await graphql(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2,
          (result) => ({ status: result.statusCode ?? 200, body: result.body }),
        ),
      );
    } finally {
      obs.flush();
    }
  };
}
