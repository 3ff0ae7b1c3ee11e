import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS } from './clients.ts';
import type { AppConfig } from './config.ts';
import { traceClient } from './observability/tracing.ts';

/**
 * The S3 client, for the entry points that touch evidence (the GraphQL function signs uploads and
 * downloads; the evidence processor reads and removes objects). A module of its own, apart from
 * the DynamoDB clients (clients.ts), so functions that use only DynamoDB never bundle
 * @aws-sdk/client-s3, and the GraphQL function compiles it only in its application chunk, with
 * the first request (graphql/application.ts), never at module init. s3rver needs path-style
 * addressing.
 */
export function createS3Client(aws: AppConfig['aws']): S3Client {
  return traceClient(
    new S3Client({
      region: aws.region,
      ...(aws.s3Endpoint ? { endpoint: aws.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
    }),
  );
}
