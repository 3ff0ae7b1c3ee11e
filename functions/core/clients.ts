import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from './config.ts';

/**
 * SDK clients for a process. Entry points build them once at module scope so warm invocations
 * reuse connections. Against the local engines the endpoint and dummy credentials are set;
 * in AWS both come from the Lambda environment.
 */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createAwsClients(aws: AppConfig['aws']): AwsClients {
  const dynamodb = new DynamoDBClient({
    region: aws.region,
    ...(aws.dynamodbEndpoint ? { endpoint: aws.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({
    region: aws.region,
    ...(aws.s3Endpoint ? { endpoint: aws.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return { dynamodb, documents, s3 };
}
