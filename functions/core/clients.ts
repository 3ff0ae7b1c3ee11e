import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { LambdaClient } from '@aws-sdk/client-lambda';
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

/**
 * The S3 client, for the entry points that touch evidence (the GraphQL function signs uploads and
 * downloads; the evidence processor reads and removes objects). A separate factory, so functions
 * that use only DynamoDB never construct it, and @aws-sdk/client-s3 (side-effect free) drops out
 * of their bundles. s3rver needs path-style addressing.
 */
export function createS3Client(aws: AppConfig['aws']): S3Client {
  return traceClient(
    new S3Client({
      region: aws.region,
      ...(aws.s3Endpoint ? { endpoint: aws.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
    }),
  );
}

/**
 * The Lambda client, for the GraphQL function alone: it invokes the review pack's job
 * asynchronously. An endpoint is given only in tests (a stand-in of the Invoke API).
 */
export function createLambdaClient(aws: AppConfig['aws'], endpoint?: string): LambdaClient {
  return traceClient(new LambdaClient({ region: aws.region, ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}) }));
}
