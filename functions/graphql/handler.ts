import { loadConfig } from '#core/config.ts';
import { createLambdaHandler, type GraphqlLambdaHandler } from './lambda-door.ts';
import { createDependencies } from './server.ts';

/**
 * Lambda entry point behind the HTTP API (lambda-door.ts). Configuration, SDK clients and the
 * server are built once per container, at cold start.
 */
export const handler: GraphqlLambdaHandler = createLambdaHandler(createDependencies(loadConfig()));
