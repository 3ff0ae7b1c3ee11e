import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from './config.ts';
import { traceClient } from './observability/tracing.ts';

/**
 * SDK clients for a process. Entry points build them once at module scope so warm invocations
 * reuse connections. Against the local engines the endpoint and dummy credentials are set; in
 * AWS both come from the Lambda environment. Each entry point creates only the clients it uses:
 * every SDK client bundled is code the cold start compiles. Each client is registered for X-Ray
 * (observability/tracing.ts): captured when a traced function's first invocation loads the
 * Tracer, never where tracing is off; registering costs nothing at init.
 */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
}

/** s3rver accepts these; DynamoDB Local accepts any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export function createAwsClients(aws: AppConfig['aws']): AwsClients {
  const dynamodb = traceClient(new DynamoDBClient({
    region: aws.region,
    ...(aws.dynamodbEndpoint ? { endpoint: aws.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  }));
  // The document client sends through the DynamoDB client's middleware stack: captured with it.
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { dynamodb, documents };
}
