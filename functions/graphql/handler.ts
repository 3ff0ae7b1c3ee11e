import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { loadConfig } from '#core/config.ts';
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

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: ({ event }) => createContext(dependencies, event.headers?.authorization ?? event.headers?.Authorization, event.requestContext?.requestId),
});
