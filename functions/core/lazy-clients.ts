import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from './config.ts';

/**
 * The S3 and Lambda clients and their commands as the GraphQL function takes them: loaded, with
 * the SDK's modules, by the first request that needs them. Only evidence, exports, imports and
 * review packs touch S3, and only exports and review packs invoke a function, yet the SDK's S3
 * and Lambda clients were 200 KB of the application chunk that every first request compiled
 * and evaluated. Nothing here imports them but by `import()`: esbuild puts them in chunks of
 * their own. The processor and the jobs, which use S3 at once, pass the client they made.
 */
export type ClientSource<T> = T | (() => Promise<T>);

/** The client itself: a made one as it is, a lazy one made (once) now. */
export function clientOf<T extends object>(source: ClientSource<T>): Promise<T> {
  return typeof source === 'function' ? (source as () => Promise<T>)() : Promise.resolve(source);
}

/** A client made on first use, once; a failed load is tried again by the next use. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      made.catch(() => {
        made = undefined;
      });
    }
    return made;
  };
}

export function lazyS3Client(aws: AppConfig['aws']): () => Promise<S3Client> {
  return once(async () => (await import('./s3-client.ts')).createS3Client(aws));
}

export function lazyLambdaClient(aws: AppConfig['aws'], endpoint?: string): () => Promise<LambdaClient> {
  return once(async () => (await import('./lambda-client.ts')).createLambdaClient(aws, endpoint));
}

/** The SDK's S3 and Lambda commands (s3-commands.ts, lambda-commands.ts), the presigner of GETs and of POSTs: each loaded with its first use. */
export const s3Commands = () => import('./s3-commands.ts');
export const s3Presigner = () => import('@aws-sdk/s3-request-presigner');
export const s3PresignedPost = () => import('@aws-sdk/s3-presigned-post');
export const lambdaCommands = () => import('./lambda-commands.ts');
