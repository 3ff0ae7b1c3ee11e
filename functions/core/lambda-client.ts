import { LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_CREDENTIALS } from './clients.ts';
import type { AppConfig } from './config.ts';
import { traceClient } from './observability/tracing.ts';

/**
 * The Lambda client, for the GraphQL function alone: it invokes the review pack's job
 * asynchronously. An endpoint is given only in tests (a stand-in of the Invoke API).
 */
export function createLambdaClient(aws: AppConfig['aws'], endpoint?: string): LambdaClient {
  return traceClient(new LambdaClient({ region: aws.region, ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}) }));
}
