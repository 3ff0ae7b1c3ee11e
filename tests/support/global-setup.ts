import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createSigningKey, type SigningKey } from '#local/auth.ts';
import { freePort, startDynamoDbLocal, startS3 } from '#local/engines.ts';

export interface Engines {
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  readonly signingKey: SigningKey;
}

declare module 'vitest' {
  export interface ProvidedContext {
    engines: Engines;
  }
}

/** Starts DynamoDB Local (in memory) and s3rver once per run, on free ports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3Directory = mkdtempSync(join(tmpdir(), 'safe-community-s3-'));
  const [dynamodb, s3] = await Promise.all([
    startDynamoDbLocal({ port: await freePort() }),
    startS3({ port: await freePort(), directory: s3Directory, buckets: [] }),
  ]);
  project.provide('engines', {
    dynamodbEndpoint: dynamodb.endpoint,
    s3Endpoint: s3.endpoint,
    signingKey: await createSigningKey(),
  });
  return async () => {
    await Promise.allSettled([dynamodb.stop(), s3.stop()]);
    rmSync(s3Directory, { recursive: true, force: true });
  };
}
