/**
 * One run of the review pack benchmark (bench/review-pack.ts), in a process of its own built as
 * the deployed job is (an esbuild production bundle): `pack <packId>` runs the job on a QUEUED
 * pack, `copy` (the object keys as JSON on stdin) copies each object with GetObject + PutObject,
 * streamed, one after the other, through the same S3 client. Prints one JSON line: the time,
 * the bytes, the process's peak RSS and the time the S3 engine spent on CompleteMultipartUpload.
 * PACK_PART_MIB and PACK_QUEUE try other part sizes and parts in flight than the job's defaults.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { createReviewPackJob } from '#review-pack/job.ts';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

const variant = process.argv[2];
const argument = await readStdin();
const config = loadStorageConfig();
const { documents } = createAwsClients(config.aws);
const s3 = createS3Client(config.aws);
let completeMs = 0;
s3.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName !== 'CompleteMultipartUploadCommand') return next(args);
    const started = performance.now();
    try {
      return await next(args);
    } finally {
      completeMs += performance.now() - started;
    }
  },
  { step: 'initialize', name: 'benchCompleteTimer' },
);

const started = performance.now();
let bytes = 0;
let status: string | undefined;
if (variant === 'pack') {
  const silent = { info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => console.error(...args) };
  const tuning = { ...(process.env.PACK_PART_MIB ? { partSize: Number(process.env.PACK_PART_MIB) * 1024 * 1024 } : {}), ...(process.env.PACK_QUEUE ? { queueSize: Number(process.env.PACK_QUEUE) } : {}) };
  const pack = await createReviewPackJob(config, { documents, s3 }, { log: silent, ...tuning }).run(argument);
  status = pack?.status;
  bytes = pack?.bytes ?? 0;
} else {
  for (const key of JSON.parse(argument) as string[]) {
    const object = await s3.send(new GetObjectCommand({ Bucket: config.evidenceBucket, Key: key }));
    await s3.send(new PutObjectCommand({ Bucket: config.evidenceBucket, Key: `exports/copies/${key}`, Body: object.Body as Readable, ContentLength: object.ContentLength }));
    bytes += object.ContentLength ?? 0;
  }
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, bytes, completeMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...(status ? { status } : {}) })}\n`);
process.exit(0);
