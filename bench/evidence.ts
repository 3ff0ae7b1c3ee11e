/**
 * The evidence benchmark, on s3rver and DynamoDB Local:
 *  - upload throughput through the presigned POST `requestEvidenceUpload` returns (the multipart
 *    body the client package's uploadEvidence sends, client/src/upload.ts presignedPostBody, sent
 *    with fetch) against PutObject of the same bytes to the same endpoint with the same HTTP
 *    client (a presigned PUT, sent with fetch). Nothing but S3 is in the upload's path, so the
 *    ratio should be about 1 (target ≥ 0.9). For context: the same POST built as a FormData (what
 *    the helper sent before), and the AWS SDK's own PutObject (it also checksums the body).
 *    Wall times swing with the shared machine's load, so each upload also reports the CPU time it
 *    cost s3rver's process and this one: s3rver parses a POST's multipart body (busboy) where a
 *    PUT's body is the file, and that cost is s3rver's, not the uploader's.
 *  - the evidence processor's time per MB on those very objects (the record read and one
 *    GetObject at once, the body streamed through SHA-256 and the magic check, the conditional
 *    status update), against a plain GetObject read of the same object; which of the two goes
 *    first alternates from round to round.
 * Sizes: 1, 2 and 5 MiB and 25 MiB (the largest document accepted). The variants alternate
 * within each round, in an order that changes from round to round. Reported: the ratio of the
 * medians, the median of the per-round ratios, and the ratio of the fastest runs, because the
 * machine is shared and its load swings from one run to the next. s3rver runs in a process of its
 * own (bench/lib/s3rver-process.ts); the processor runs in this one, reading from it as the Lambda
 * function reads from S3.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadConfig } from '#core/config.ts';
import { createEvidenceProcessor } from '#evidence/processor.ts';
import { createContext, createDependencies, createServer } from '#graphql/server.ts';
import { createSigningKey, signToken } from '#local/auth.ts';
import { ensureTable, freePort, type RunningEngine, startDynamoDbLocal } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { presignedPostBody } from '#client/upload.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { startS3Process } from './lib/s3rver-process.ts';
import { median, ms, ratio } from './lib/stats.ts';

const MiB = 1024 * 1024;
/** Size and timed rounds; fewer rounds for the big file, whose runs vary less. */
const SIZES: readonly { readonly bytes: number; readonly rounds: number }[] = [
  { bytes: 1 * MiB, rounds: numberFromEnv('BENCH_EVIDENCE_SMALL_ROUNDS', 11) },
  { bytes: 2 * MiB, rounds: numberFromEnv('BENCH_EVIDENCE_SMALL_ROUNDS', 11) },
  { bytes: 5 * MiB, rounds: numberFromEnv('BENCH_EVIDENCE_SMALL_ROUNDS', 11) },
  { bytes: 25 * MiB, rounds: numberFromEnv('BENCH_EVIDENCE_LARGE_ROUNDS', 7) },
];
const WARMUP_ROUNDS = 2;
const RATIO_TARGET = 0.9;
const PROCESSOR_TARGET = 1.5;
const CONTENT_TYPE = 'application/pdf';

const REQUEST = `mutation($input: RequestEvidenceUploadInput!) {
  requestEvidenceUpload(input: $input) { evidence { id } upload { url fields { name value } } }
}`;

type Variant = 'post' | 'put' | 'form' | 'sdk';
const VARIANTS: readonly Variant[] = ['post', 'put', 'form', 'sdk'];

interface Samples {
  readonly post: number[];
  readonly put: number[];
  readonly form: number[];
  readonly sdk: number[];
  /** CPU ms of each upload, in s3rver's process and in this one (the client). */
  readonly serverCpu: Record<Variant, number[]>;
  readonly clientCpu: Record<Variant, number[]>;
  readonly requestUpload: number[];
  readonly process: number[];
  /** Per processing run: the wall ms of each SDK command until its response (GetItem, GetObject, TransactWriteItems) and the processor's CPU ms (`cpu`). */
  readonly processCalls: Record<string, number[]>;
  readonly readCpu: number[];
  readonly read: number[];
}

export const evidenceBenchmark: BenchmarkModule = {
  name: 'evidence',
  description: 'upload through the presigned POST against PutObject of the same bytes (s3rver), and the evidence processor\'s time per MB',
  async run(report) {
    report.figure(
      `machine: node ${process.version}, ${cpus().length} cpus, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at start; s3rver (own process) and DynamoDB Local on this machine`,
    );
    const s3Directory = mkdtempSync(join(tmpdir(), 'bench-evidence-s3-'));
    const engines: RunningEngine[] = [];
    try {
      report.note('starting DynamoDB Local (in memory) and s3rver (in a process of its own, as S3 is another machine) …');
      const [dynamodb, s3rver] = await Promise.all([startDynamoDbLocalPatiently(), startS3Process(s3Directory)]);
      engines.push(dynamodb, s3rver);
      const signingKey = await createSigningKey();
      const config = loadConfig(
        localEnvironment({
          dynamodbEndpoint: dynamodb.endpoint,
          s3Endpoint: s3rver.endpoint,
          tableName: 'bench-evidence',
          bucketName: 'bench-evidence',
          signingKey,
          stage: 'test',
        }),
      );
      const clients = createAwsClients(config.aws);
      const s3 = createS3Client(config.aws);
      await ensureTable(clients.dynamodb, config.tableName);
      await s3.send(new CreateBucketCommand({ Bucket: config.evidenceBucket }));
      const community = await seedCommunity({ client: clients.documents, name: config.tableName }, { name: '基准社区' });

      // The same server and context the Lambda handler uses, called in-process: the presign is
      // the API's work, timed apart from the upload.
      const deps = createDependencies(config, clients, s3);
      const server = createServer({ stage: 'test' });
      await server.start();
      const authorization = `Bearer ${await signToken(signingKey, { role: 'COMMUNITY_EDITOR', communities: [community.id] })}`;
      const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
      // The processor on clients of its own, whose calls are timed (until the response headers) with SDK middleware.
      const processorClients = createAwsClients(config.aws);
      const processorS3 = createS3Client(config.aws);
      let callTimes: Record<string, number> | undefined;
      for (const client of [processorClients.dynamodb, processorS3]) {
        (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
          (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
            const started = performance.now();
            try {
              return await next(args);
            } finally {
              if (callTimes && context.commandName) callTimes[context.commandName] = (callTimes[context.commandName] ?? 0) + performance.now() - started;
            }
          },
          { step: 'initialize', name: 'benchCallTimes' },
        );
      }
      const processor = createEvidenceProcessor(config, { documents: processorClients.documents, s3: processorS3 }, silent);

      const requestUpload = async (file: Uint8Array, sha256: string) => {
        const response = await server.executeOperation(
          {
            query: REQUEST,
            variables: { input: { ownerType: 'COMMUNITY', ownerId: community.id, fileName: '基准测试.pdf', contentType: CONTENT_TYPE, size: file.length, sha256 } },
          },
          { contextValue: await createContext(deps, authorization) },
        );
        if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`requestEvidenceUpload failed: ${JSON.stringify(response.body)}`);
        return (response.body.singleResult.data as { requestEvidenceUpload: { evidence: { id: string }; upload: { url: string; fields: { name: string; value: string }[] } } })
          .requestEvidenceUpload;
      };

      /** One round for one file: the three uploads in the given order, then the processor and a plain read of the POSTed object. */
      const round = async (file: Uint8Array, sha256: string, order: readonly Variant[], readFirst: boolean, samples: Samples | undefined) => {
        const requestStarted = performance.now();
        const { upload } = await requestUpload(file, sha256);
        const requestMs = performance.now() - requestStarted;
        const postedKey = upload.fields.find((field) => field.name === 'key')?.value ?? '';
        const { upload: second } = await requestUpload(file, sha256);
        const directKeys: string[] = [second.fields.find((field) => field.name === 'key')?.value ?? ''];
        const timings: Partial<Record<Variant, number>> = {};
        const serverCpu: Partial<Record<Variant, number>> = {};
        const clientCpu: Partial<Record<Variant, number>> = {};
        for (const variant of order) {
          const serverBefore = await s3rver.cpuMs();
          const clientBefore = process.cpuUsage();
          if (variant === 'post') {
            // As uploadEvidence sends it: the body built before the clock starts, as the helper builds it before fetch.
            const form = presignedPostBody(upload.fields, file, '基准测试.pdf', CONTENT_TYPE);
            const started = performance.now();
            const response = await fetch(upload.url, { method: 'POST', body: form.body, headers: { 'content-type': form.contentType } });
            await response.arrayBuffer();
            timings.post = performance.now() - started;
            if (response.status !== 204) throw new Error(`presigned POST answered ${response.status}`);
          } else if (variant === 'form') {
            // The same POST as a FormData (what the helper sent before), to a key of its own.
            const form = new FormData();
            for (const { name, value } of second.fields) form.append(name, value);
            form.append('file', new Blob([file], { type: CONTENT_TYPE }), '基准测试.pdf');
            const started = performance.now();
            const response = await fetch(second.url, { method: 'POST', body: form });
            await response.arrayBuffer();
            timings.form = performance.now() - started;
            if (response.status !== 204) throw new Error(`presigned POST (FormData) answered ${response.status}`);
          } else if (variant === 'put') {
            const key = `bench/direct/${randomUUID()}`;
            directKeys.push(key);
            const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: config.evidenceBucket, Key: key, ContentType: CONTENT_TYPE }), { expiresIn: 900 });
            const started = performance.now();
            const response = await fetch(url, { method: 'PUT', body: file, headers: { 'content-type': CONTENT_TYPE } });
            await response.arrayBuffer();
            timings.put = performance.now() - started;
            if (!response.ok) throw new Error(`presigned PUT answered ${response.status}`);
          } else {
            const key = `bench/sdk/${randomUUID()}`;
            directKeys.push(key);
            const started = performance.now();
            await s3.send(new PutObjectCommand({ Bucket: config.evidenceBucket, Key: key, Body: file, ContentType: CONTENT_TYPE }));
            timings.sdk = performance.now() - started;
          }
          const client = process.cpuUsage(clientBefore);
          clientCpu[variant] = (client.user + client.system) / 1000;
          serverCpu[variant] = (await s3rver.cpuMs()) - serverBefore;
        }

        const processOnce = async () => {
          callTimes = {};
          const cpuBefore = process.cpuUsage();
          const started = performance.now();
          const outcome = await processor.process({ bucket: config.evidenceBucket, key: postedKey });
          const elapsed = performance.now() - started;
          const cpu = process.cpuUsage(cpuBefore);
          processCalls = { ...callTimes, cpu: (cpu.user + cpu.system) / 1000 };
          callTimes = undefined;
          if (outcome.result !== 'AVAILABLE') throw new Error(`the processor did not accept the benchmark file: ${JSON.stringify(outcome)}`);
          return elapsed;
        };
        const readOnce = async () => {
          const cpuBefore = process.cpuUsage();
          const started = performance.now();
          const object = await s3.send(new GetObjectCommand({ Bucket: config.evidenceBucket, Key: postedKey }));
          let read = 0;
          for await (const chunk of object.Body as AsyncIterable<Uint8Array>) read += chunk.length;
          const elapsed = performance.now() - started;
          const cpu = process.cpuUsage(cpuBefore);
          readCpu = (cpu.user + cpu.system) / 1000;
          if (read !== file.length) throw new Error(`read ${read} bytes of ${file.length}`);
          return elapsed;
        };
        let processCalls: Record<string, number> = {};
        let readCpu = Number.NaN;
        // Whichever reads the object first may find it colder: alternate.
        let processMs: number;
        let readMs: number;
        if (readFirst) {
          readMs = await readOnce();
          processMs = await processOnce();
        } else {
          processMs = await processOnce();
          readMs = await readOnce();
        }

        for (const key of [postedKey, ...directKeys]) await s3.send(new DeleteObjectCommand({ Bucket: config.evidenceBucket, Key: key }));
        if (samples) {
          samples.post.push(timings.post ?? Number.NaN);
          samples.put.push(timings.put ?? Number.NaN);
          samples.form.push(timings.form ?? Number.NaN);
          samples.sdk.push(timings.sdk ?? Number.NaN);
          for (const variant of VARIANTS) {
            samples.serverCpu[variant].push(serverCpu[variant] ?? Number.NaN);
            samples.clientCpu[variant].push(clientCpu[variant] ?? Number.NaN);
          }
          samples.requestUpload.push(requestMs);
          samples.process.push(processMs);
          for (const [name, value] of Object.entries(processCalls)) {
            samples.processCalls[name] = [...(samples.processCalls[name] ?? []), value];
          }
          samples.readCpu.push(readCpu);
          samples.read.push(readMs);
        }
      };

      const files = SIZES.map(({ bytes }) => pdfOfSize(bytes));
      report.note('warming up (uploads, processor, s3rver, DynamoDB Local) …');
      for (let warmup = 0; warmup < WARMUP_ROUNDS; warmup += 1) {
        for (const file of files) await round(file.bytes, file.sha256, VARIANTS, warmup % 2 === 1, undefined);
      }

      const perVariant = () => ({ post: [], put: [], form: [], sdk: [] }) as Record<Variant, number[]>;
      const results = new Map<number, Samples>(
        SIZES.map(({ bytes }) => [bytes, { post: [], put: [], form: [], sdk: [], serverCpu: perVariant(), clientCpu: perVariant(), requestUpload: [], process: [], processCalls: {}, read: [], readCpu: [] }]),
      );
      const maxRounds = Math.max(...SIZES.map(({ rounds }) => rounds));
      for (let index = 0; index < maxRounds; index += 1) {
        report.note(`round ${index + 1}/${maxRounds} …`);
        // Rotate the order so that no variant always goes first (a cold disk cache, a fresh socket).
        const order = VARIANTS.map((_, offset) => VARIANTS[(index + offset) % VARIANTS.length]!);
        for (const [sizeIndex, size] of SIZES.entries()) {
          if (index >= size.rounds) continue;
          const file = files[sizeIndex]!;
          await round(file.bytes, file.sha256, order, index % 2 === 1, results.get(size.bytes));
        }
      }

      const totals = { post: 0, put: 0, process: 0, read: 0, bytes: 0, serverExtra: 0, floor: 0 };
      for (const size of SIZES) {
        const samples = results.get(size.bytes)!;
        const mib = size.bytes / MiB;
        const post = median(samples.post);
        const put = median(samples.put);
        const sdk = median(samples.sdk);
        const form = median(samples.form);
        const cpu = (variant: Variant) => `${ms(median(samples.serverCpu[variant]))} + ${ms(median(samples.clientCpu[variant]))}`;
        const processMs = median(samples.process);
        const readMs = median(samples.read);
        // The decision's TransactWriteItems cannot start before the last byte is hashed: a plain read
        // followed by that write is the least the processor can take (with the record read free).
        const writes = samples.processCalls.TransactWriteItemsCommand ?? [];
        const floor = median(samples.read.map((read, index) => (read + (writes[index] ?? Number.NaN)) / read));
        totals.floor += readMs + median(writes);
        const pairedRatio = median(samples.post.map((postMs, index) => samples.put[index]! / postMs));
        // What s3rver's POST path (busboy 0.3 → dicer → streamsearch, and two more stream hops before
        // the file write) costs its own process over its PUT path for the same bytes, per round, and
        // the ratio that leaves at most: the PUT's wall time over the PUT's plus that extra CPU, which
        // s3rver spends on the upload's critical path whatever the uploader sends.
        const serverExtra = median(samples.serverCpu.post.map((postCpu, index) => postCpu - samples.serverCpu.put[index]!));
        const bound = median(samples.put.map((putMs, index) => putMs / (putMs + Math.max(0, samples.serverCpu.post[index]! - samples.serverCpu.put[index]!))));
        // The fastest run of each: what the path costs when the shared machine lets it run.
        const bestRatio = Math.min(...samples.put) / Math.min(...samples.post);
        totals.post += post;
        totals.put += put;
        totals.serverExtra += Math.max(0, serverExtra);
        totals.process += processMs;
        totals.read += readMs;
        totals.bytes += size.bytes;
        report.figure(
          `upload ${mib} MiB (median of ${samples.post.length}): presigned POST ${ms(post)} = ${throughput(size.bytes, post)}, ` +
            `PutObject (presigned PUT, same client) ${ms(put)} = ${throughput(size.bytes, put)}, ratio ${ratio(put, post)}, per round ${pairedRatio.toFixed(2)}, best runs ${bestRatio.toFixed(2)} (target ≥ ${RATIO_TARGET}; ` +
            `s3rver's own POST path costs it ${ms(serverExtra)} more CPU than the PUT, which bounds the ratio at ${bound.toFixed(2)}); ` +
            `SDK PutObject ${ms(sdk)} = ${throughput(size.bytes, sdk)}; the POST as a FormData ${ms(form)} = ${throughput(size.bytes, form)}; requestEvidenceUpload ${ms(median(samples.requestUpload))}`,
        );
        report.figure(
          `upload ${mib} MiB CPU (median, s3rver's process + this one): presigned POST ${cpu('post')}, PutObject ${cpu('put')}, POST as a FormData ${cpu('form')}, SDK PutObject ${cpu('sdk')}; ` +
            `s3rver's CPU PUT/POST ${ratio(median(samples.serverCpu.put), median(samples.serverCpu.post))}`,
        );
        report.figure(
          `processor ${mib} MiB (median of ${samples.process.length}): ${ms(processMs)} = ${ms(processMs / mib)} per MiB; ` +
            `a plain GetObject read of the same object ${ms(readMs)} = ${ms(readMs / mib)} per MiB (processor/read ${ratio(processMs, readMs)}, per round ${median(samples.process.map((processed, index) => processed / samples.read[index]!)).toFixed(2)}, best runs ${(Math.min(...samples.process) / Math.min(...samples.read)).toFixed(2)}; target ≤ ${PROCESSOR_TARGET}; ` +
            `the read plus the decision's TransactWriteItems alone, per round: ${floor.toFixed(2)})`,
        );
        const calls = Object.entries(samples.processCalls)
          .filter(([name]) => name !== 'cpu')
          .map(([name, values]) => `${name.replace(/Command$/, '')} ${ms(median(values))}`)
          .join(', ');
        report.figure(
          `processor ${mib} MiB where the time goes (medians; each SDK call to its response headers, the record read and GetObject run at once): ${calls}; ` +
            `CPU in this process: processor ${ms(median(samples.processCalls.cpu ?? [Number.NaN]))} (SHA-256 and the checks included), plain read ${ms(median(samples.readCpu))}`,
        );
      }
      report.figure(
        `processor over all sizes (sum of medians): ${ms(totals.process)} against a plain read ${ms(totals.read)}, processor/read ${ratio(totals.process, totals.read)} (target ≤ ${PROCESSOR_TARGET} at every size; the reads plus the decision writes alone ${ratio(totals.floor, totals.read)})`,
      );
      report.figure(
        `upload over all sizes (sum of medians, ${(totals.bytes / MiB).toFixed(0)} MiB): presigned POST ${throughput(totals.bytes, totals.post)} against PutObject ${throughput(totals.bytes, totals.put)}, ratio ${ratio(totals.put, totals.post)} (target ≥ ${RATIO_TARGET}; s3rver's extra CPU per POST bounds it at ${ratio(totals.put, totals.put + totals.serverExtra)})`,
      );
      const large = SIZES.at(-1)!;
      const largePerMiB = median(results.get(large.bytes)!.process) / (large.bytes / MiB);
      report.figure(
        `processor: ${ms(largePerMiB)} per MiB on the ${large.bytes / MiB} MiB file, ${ms((totals.process / totals.bytes) * MiB)} per MiB over all sizes; at the 25 MiB rate a 500 MiB video takes ~${((largePerMiB * 500) / 1000).toFixed(1)} s here (the Lambda timeout is 120 s)`,
      );
      await server.stop();
      clients.dynamodb.destroy();
      processorClients.dynamodb.destroy();
      s3.destroy();
      processorS3.destroy();
    } finally {
      for (const engine of engines.reverse()) await engine.stop().catch(() => undefined);
      rmSync(s3Directory, { recursive: true, force: true });
    }
  },
};

/** A file the processor accepts as a PDF: the signature, random bytes that do not compress, the end marker. */
function pdfOfSize(size: number): { bytes: Uint8Array; sha256: string } {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  const bytes = Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** DynamoDB Local, started a second time when it did not answer within its 30 s (Java starts slowly on a loaded machine). */
async function startDynamoDbLocalPatiently(): Promise<RunningEngine> {
  try {
    return await startDynamoDbLocal({ port: await freePort() });
  } catch {
    return startDynamoDbLocal({ port: await freePort() });
  }
}

/** MB/s of 1,000,000 bytes. */
function throughput(bytes: number, milliseconds: number): string {
  return `${(bytes / 1_000_000 / (milliseconds / 1000)).toFixed(1)} MB/s`;
}


function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
