import type { AwsClients } from '#core/clients.ts';
import { createAwsClients } from '#core/clients.ts';
import type { AppConfig } from '#core/config.ts';
import { loadConfig } from '#core/config.ts';
import type { Table } from '#core/db/table.ts';
import { createContext, createDependencies, createServer } from '#graphql/server.ts';
import { createSigningKey, signToken } from '#local/auth.ts';
import { ensureTable, freePort, startDynamoDbLocal } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';

/**
 * The API in the benchmark's own process, on a fresh in-memory DynamoDB Local: the same server
 * and context function the Lambda handler uses, called as an ADMIN. Nothing touches S3 here.
 */
export interface InProcessApi {
  readonly config: AppConfig;
  readonly clients: AwsClients;
  readonly table: Table;
  /** Runs one operation; throws on any GraphQL error. */
  execute(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

/**
 * A fresh in-memory DynamoDB Local with the table, and this process's environment pointed at it
 * as the local runner sets it (S3 unreachable: nothing here touches it); `stop` restores both.
 */
export interface BenchEnvironment {
  readonly config: AppConfig;
  readonly clients: AwsClients;
  readonly table: Table;
  /** An ADMIN bearer token the server accepts. */
  readonly authorization: string;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(name: string): Promise<BenchEnvironment> {
  const dynamodb = await startDynamoDbLocal({ port: await freePort() });
  const previousEnv = { ...process.env };
  const restore = async () => {
    for (const variable of Object.keys(process.env)) if (!(variable in previousEnv)) delete process.env[variable];
    Object.assign(process.env, previousEnv);
    await dynamodb.stop();
  };
  try {
    const signingKey = await createSigningKey();
    Object.assign(
      process.env,
      localEnvironment({
        dynamodbEndpoint: dynamodb.endpoint,
        s3Endpoint: 'http://127.0.0.1:9',
        tableName: `bench-${name}`,
        bucketName: `bench-${name}-evidence`,
        signingKey,
        stage: 'test',
      }),
    );
    const config = loadConfig();
    const clients = createAwsClients(config.aws);
    await ensureTable(clients.dynamodb, config.tableName);
    return {
      config,
      clients,
      table: { client: clients.documents, name: config.tableName },
      authorization: `Bearer ${await signToken(signingKey, { role: 'ADMIN' })}`,
      async stop() {
        clients.dynamodb.destroy();
        await restore();
      },
    };
  } catch (error) {
    await restore();
    throw error;
  }
}

export async function startInProcessApi(name: string): Promise<InProcessApi> {
  const environment = await startBenchEnvironment(name);
  try {
    const { config, clients, authorization } = environment;
    const deps = createDependencies(config, clients);
    const server = createServer({ stage: 'test' });
    await server.start();
    return {
      config,
      clients,
      table: environment.table,
      async execute(query, variables = {}) {
        const response = await server.executeOperation({ query, variables }, { contextValue: await createContext(deps, authorization) });
        if (response.body.kind !== 'single' || response.body.singleResult.errors) {
          throw new Error(`operation failed: ${JSON.stringify(response.body.kind === 'single' ? response.body.singleResult.errors : response.body)}`);
        }
        return response.body.singleResult.data as Record<string, any>;
      },
      async stop() {
        await server.stop();
        await environment.stop();
      },
    };
  } catch (error) {
    await environment.stop();
    throw error;
  }
}
