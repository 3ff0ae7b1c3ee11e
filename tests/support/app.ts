import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CreateBucketCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { expect, inject } from 'vitest';
import { type AwsClients, createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadConfig } from '#core/config.ts';
import type { Table } from '#core/db/table.ts';
import { createEvidenceProcessor, type ProcessingOutcome, type S3Notification } from '#evidence/processor.ts';
import { startHttpServer } from '#graphql/http-server.ts';
import { createDependencies } from '#graphql/server.ts';
import { signToken, type TokenRequest } from '#local/auth.ts';
import { ensureTable } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';
import { graphqlEvent, lambdaContext } from '#local/lambda-events.ts';

export interface GraphQLResponse {
  readonly status: number;
  readonly body: {
    // Tests read response data by the shape of their own query.
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
  /** The HTTP door's GraphQL endpoint (`http://127.0.0.1:<port>/graphql`), for real GraphQL clients. */
  readonly graphqlUrl: string;
  token(request: TokenRequest): Promise<string>;
  /** This file's evidence bucket, and a client on its s3rver (the one the API signs for). */
  readonly bucket: string;
  readonly s3: S3Client;
  /** What the evidence processor logged: ignored, rejected and available objects. */
  readonly processorLog: ProcessorLogEntry[];
  /**
   * What S3's ObjectCreated notification does in AWS: runs the evidence processor on the object,
   * with the event S3 (and s3rver) would send. The run's s3rver lives in the global setup's
   * process, so its `event` emitter cannot reach a test file; tests/api/evidence-processor.test.ts
   * proves the emitter → handler wiring on an s3rver of its own.
   */
  notifyObjectCreated(key: string, overrides?: { bucket?: string; eventName?: string }): Promise<ProcessingOutcome[]>;
  /**
   * A browser's upload to a presigned POST: multipart/form-data with every field in order and the
   * file last, sent with fetch; then, unless `notify` is false, the ObjectCreated notification.
   */
  uploadEvidence(upload: PresignedPostForm, file: { bytes: Uint8Array; contentType: string; fileName: string }, options?: { notify?: boolean }): Promise<UploadResult>;
  close(): Promise<void>;
}

export interface PresignedPostForm {
  readonly url: string;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

export interface UploadResult {
  /** The HTTP status of the POST (204 from S3 and s3rver). */
  readonly status: number;
  readonly outcomes: ProcessingOutcome[];
}

export interface ProcessorLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/**
 * A fresh table and bucket for one test file, the process environment the functions read, and
 * both doors: the real Lambda entry point (functions/graphql/handler.ts, imported after the
 * environment is set, as Lambda does) and the local HTTP server.
 */
export async function createTestApp(options: { s3Endpoint?: string } = {}): Promise<TestApp> {
  const engines = inject('engines');
  const suffix = randomUUID().slice(0, 8);
  const env = localEnvironment({
    dynamodbEndpoint: engines.dynamodbEndpoint,
    s3Endpoint: options.s3Endpoint ?? engines.s3Endpoint,
    tableName: `test-${suffix}`,
    bucketName: `test-evidence-${suffix}`,
    signingKey: engines.signingKey,
    stage: 'test',
  });
  Object.assign(process.env, env);
  const config = loadConfig();
  const clients = createAwsClients(config.aws);
  await ensureTable(clients.dynamodb, config.tableName);
  const s3 = createS3Client(config.aws);
  await s3.send(new CreateBucketCommand({ Bucket: config.evidenceBucket }));
  const processorLog: ProcessorLogEntry[] = [];
  const record = (level: ProcessorLogEntry['level']) => (message: string, details: Record<string, unknown>) => processorLog.push({ level, message, details });
  const processor = createEvidenceProcessor(config, { documents: clients.documents, s3 }, { info: record('info'), warn: record('warn'), error: record('error') });

  const { handler } = await import('#graphql/handler.ts');
  const http = await startHttpServer(createDependencies(config, clients, s3), 0);
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

  async function notifyObjectCreated(key: string, overrides: { bucket?: string; eventName?: string } = {}): Promise<ProcessingOutcome[]> {
    const bucket = overrides.bucket ?? config.evidenceBucket;
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.evidenceBucket, Key: key })).catch(() => undefined);
    return processor.handle(objectCreatedEvent(bucket, key, { size: head?.ContentLength ?? 0, eTag: head?.ETag, eventName: overrides.eventName }));
  }

  return {
    table: { client: clients.documents, name: config.tableName },
    clients,
    env,
    doors: [lambdaDoor, httpDoor],
    graphqlUrl: `${httpUrl}graphql`,
    token: (request) => signToken(engines.signingKey, request),
    bucket: config.evidenceBucket,
    s3,
    processorLog,
    notifyObjectCreated,
    async uploadEvidence(upload, file, { notify = true } = {}) {
      const form = new FormData();
      for (const { name, value } of upload.fields) form.append(name, value);
      form.append('file', new Blob([Buffer.from(file.bytes)], { type: file.contentType }), file.fileName);
      const response = await fetch(upload.url, { method: 'POST', body: form });
      await response.arrayBuffer();
      const key = upload.fields.find((field) => field.name === 'key')?.value;
      if (!notify || !response.ok || !key) return { status: response.status, outcomes: [] };
      return { status: response.status, outcomes: await notifyObjectCreated(key) };
    },
    close: async () => {
      await http.stop();
      s3.destroy();
    },
  };
}

/** An S3 event notification as S3 and s3rver send it for one object (the fields the processor and a reader of logs use). */
export function objectCreatedEvent(
  bucket: string,
  key: string,
  object: { size?: number; eTag?: string | undefined; versionId?: string; eventName?: string | undefined } = {},
): S3Notification {
  const record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    eventName: object.eventName ?? 'ObjectCreated:Post',
    eventTime: new Date().toISOString(),
    s3: {
      bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key,
        size: object.size ?? 0,
        ...(object.eTag ? { eTag: object.eTag.replace(/"/g, '') } : {}),
        ...(object.versionId ? { versionId: object.versionId } : {}),
        sequencer: Date.now().toString(16).toUpperCase(),
      },
    },
  };
  return { Records: [record] };
}

/** The response's data, asserting first that it carries no error (the errors make the failure message). */
export function ok(response: GraphQLResponse) {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
}

/** The first error's code, or undefined when the response has none. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.body.errors?.[0]?.extensions?.code;
}
