import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { type AwsClients, createAwsClients, LOCAL_CREDENTIALS } from '../../functions/core/clients.ts';
import { loadConfig } from '../../functions/core/config.ts';
import type { Table } from '../../functions/core/db/table.ts';
import { startHttpServer } from '../../functions/graphql/http-server.ts';
import { createDependencies } from '../../functions/graphql/server.ts';
import { signToken, type TokenRequest } from '../../scripts/local/auth.ts';
import { ensureTable } from '../../scripts/local/engines.ts';
import { localEnvironment } from '../../scripts/local/environment.ts';
import { graphqlEvent, lambdaContext } from '../../scripts/local/lambda-events.ts';

export interface GraphQLResponse {
  readonly status: number;
  readonly body: {
    // Tests read response data by the shape of their own query.
    // biome-ignore lint: any is the honest type of an arbitrary query result
    data?: any;
    errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
  };
}

/** One way into the API: the Lambda handler with API Gateway v2 events, or HTTP. */
export interface Door {
  readonly name: string;
  execute(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
}

export interface TestApp {
  readonly table: Table;
  /** The SDK clients behind the HTTP door: tests inject faults into them with middleware. */
  readonly clients: AwsClients;
  readonly env: Record<string, string>;
  readonly doors: readonly Door[];
  token(request: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh table and bucket for one test file, the process environment the functions read, and
 * both doors: the real Lambda entry point (functions/graphql/handler.ts, imported after the
 * environment is set, as Lambda does) and the local HTTP server.
 */
export async function createTestApp(): Promise<TestApp> {
  const engines = inject('engines');
  const suffix = randomUUID().slice(0, 8);
  const env = localEnvironment({
    dynamodbEndpoint: engines.dynamodbEndpoint,
    s3Endpoint: engines.s3Endpoint,
    tableName: `test-${suffix}`,
    bucketName: `test-evidence-${suffix}`,
    signingKey: engines.signingKey,
    stage: 'test',
  });
  Object.assign(process.env, env);
  const config = loadConfig();
  const clients = createAwsClients(config.aws);
  await ensureTable(clients.dynamodb, config.tableName);
  const s3 = new S3Client({ region: config.aws.region, endpoint: engines.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: config.evidenceBucket }));
  s3.destroy();

  const { handler } = await import('../../functions/graphql/handler.ts');
  const http = await startHttpServer(createDependencies(config, clients), 0);
  const httpUrl = http.url.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');

  const lambdaDoor: Door = {
    name: 'Lambda handler (API Gateway v2)',
    async execute(query, variables, token) {
      const event = graphqlEvent({ query, variables }, token ? { authorization: `Bearer ${token}` } : {});
      const result = (await handler(event, lambdaContext('graphql'), () => undefined)) as APIGatewayProxyStructuredResultV2;
      return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
    },
  };
  const httpDoor: Door = {
    name: 'HTTP (local server)',
    async execute(query, variables, token) {
      const response = await fetch(`${httpUrl}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
  };

  return {
    table: { client: clients.documents, name: config.tableName },
    clients,
    env,
    doors: [lambdaDoor, httpDoor],
    token: (request) => signToken(engines.signingKey, request),
    close: async () => {
      await http.stop();
    },
  };
}

/** The first error's code, or undefined when the response has none. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.body.errors?.[0]?.extensions?.code;
}
