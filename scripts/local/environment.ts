import type { SigningKey } from './auth.ts';
import { jwksOf, LOCAL_AUDIENCE, LOCAL_ISSUER } from './auth.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './engines.ts';

/**
 * The environment the functions read (functions/core/config.ts), pointed at the local engines.
 * The local runner and the tests set exactly these, so the code under test reads its
 * configuration the way it does in Lambda.
 */
export function localEnvironment(options: {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  signingKey: SigningKey;
  stage?: 'local' | 'test';
}): Record<string, string> {
  return {
    TABLE_NAME: options.tableName,
    EVIDENCE_BUCKET: options.bucketName,
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    AUTH_JWKS: JSON.stringify(jwksOf(options.signingKey)),
    DEPLOYMENT_STAGE: options.stage ?? 'local',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    S3_ENDPOINT: options.s3Endpoint,
  };
}
