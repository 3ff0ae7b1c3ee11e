import { ApolloServer } from '@apollo/server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';

/**
 * The baseline of the foundation benchmark: the smallest Apollo Lambda built the way the
 * GraphQL function is (same integration, same esbuild options) and holding the same SDK client
 * import, a DynamoDB document client created at module scope, so the difference in bundle size
 * and init time is what the platform's own code and dependencies add.
 */
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION ?? 'cn-north-1' }), {
  marshallOptions: { removeUndefinedValues: true },
});

const server = new ApolloServer({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'hello, world' } },
});

// The integration ships CommonJS typings for @apollo/server while this file imports its ESM
// build; the two ApolloServer declarations are the same class at run time (as in the real handler).
type LambdaServer = Parameters<typeof startServerAndCreateLambdaHandler>[0];

export const handler = startServerAndCreateLambdaHandler(
  server as unknown as LambdaServer,
  handlers.createAPIGatewayProxyEventV2RequestHandler(),
);

/** Kept reachable so the client cannot be tree-shaken away. */
export const clients = { documents };
