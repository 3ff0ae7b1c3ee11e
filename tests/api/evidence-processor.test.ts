import { createWritePipeline } from '#graphql/pipeline.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Community } from '#community/model.ts';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { checkContent, describeContent, recognise, TAIL_BYTES, HEAD_BYTES } from '#evidence/magic.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import { createEvidenceProcessor, type ProcessingOutcome, readSample } from '#evidence/processor.ts';
import type { Evidence } from '#evidence/model.ts';
import { freePort, type RunningS3, startS3 } from '#local/engines.ts';
import { createTestApp, type GraphQLResponse, objectCreatedEvent, type TestApp } from '#tests/support/app.ts';
import { docx, elfExecutable, mp4, pdf, SAMPLES, type SampleFile, sha256, zip } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * The evidence processor on its own: the s3rver `event` → Lambda handler wiring `npm start` uses
 * (on an s3rver this file starts, since the run's s3rver lives in another process), repeated and
 * out-of-order events, faults injected with SDK middleware, and the file signatures.
 */

const REQUEST = `mutation($input: RequestEvidenceUploadInput!) {
  requestEvidenceUpload(input: $input) { evidence { id version } upload { url expiresAt fields { name value } } }
}`;
const STATUS = `query($id: ID!) { evidence(id: $id) { id status rejectionReason version downloadUrl } }`;
const WITHDRAW = `mutation($input: WithdrawEvidenceInput!) { withdrawEvidence(input: $input) { status version } }`;

let s3rver: RunningS3;
let s3Directory: string;
let app: TestApp;
let community: Community;
let editor: string;
let repository: EvidenceRepository;
/** Keys whose s3rver events go to the Lambda handler; the other tests deliver their events themselves. */
const wired = new Set<string>();
const deliveries: Promise<unknown>[] = [];
const handlerLog: unknown[][] = [];

beforeAll(async () => {
  s3Directory = mkdtempSync(join(tmpdir(), 'evidence-processor-s3-'));
  s3rver = await startS3({ port: await freePort(), directory: s3Directory, buckets: [] });
  app = await createTestApp({ s3Endpoint: s3rver.endpoint });
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  repository = new EvidenceRepository(app.table, createWritePipeline(app.table));
  // The handler logs with console, as in Lambda: keep its lines for the assertions, out of the test output.
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...line: unknown[]) => void handlerLog.push([level, ...line]));
  }
  // As scripts/start.ts does: the handler module reads its configuration from the environment the test app set.
  const { handler } = await import('#evidence-processor/handler.ts');
  s3rver.server.on('event', (event: Parameters<typeof handler>[0]) => {
    const key = event.Records[0]?.s3.object.key;
    if (key && wired.has(key)) deliveries.push(handler(event).catch((error: unknown) => handlerLog.push(['failed', error])));
  });
});

afterAll(async () => {
  await Promise.allSettled(deliveries);
  vi.restoreAllMocks();
  await app.close();
  await s3rver.stop();
  rmSync(s3Directory, { recursive: true, force: true });
});

async function ok(response: GraphQLResponse) {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
}

async function requestUpload(file: SampleFile, overrides: Record<string, unknown> = {}) {
  const input = {
    ownerType: 'COMMUNITY',
    ownerId: community.id,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.bytes.length,
    sha256: sha256(file.bytes),
    ...overrides,
  };
  const { evidence, upload } = (await ok(await app.doors[0]!.execute(REQUEST, { input }, editor))).requestEvidenceUpload;
  const key = upload.fields.find((field: { name: string }) => field.name === 'key').value as string;
  return { id: evidence.id as string, key, upload };
}

async function stored(id: string): Promise<Evidence> {
  const evidence = await repository.get(id);
  if (!evidence) throw new Error(`evidence ${id} is not stored`);
  return evidence;
}

async function objectExists(key: string): Promise<boolean> {
  return app.s3.send(new HeadObjectCommand({ Bucket: app.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

async function statusOf(id: string, timeoutMs = 10_000): Promise<{ status: string; rejectionReason: string | null; downloadUrl: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const evidence = (await ok(await app.doors[1]!.execute(STATUS, { id }, editor))).evidence;
    if (evidence.status !== 'PENDING_UPLOAD' || Date.now() > deadline) return evidence;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('s3rver event → evidence processor handler (the npm start wiring)', () => {
  it('turns a browser upload into AVAILABLE evidence with no call but the POST', async () => {
    // Prepare
    const file = SAMPLES.xlsx();
    const { id, key, upload } = await requestUpload(file);
    wired.add(key);
    // Act
    const sent = await app.uploadEvidence(upload, file, { notify: false });
    const evidence = await statusOf(id);
    // Assess
    expect(sent.status).toBe(204);
    expect(evidence.status).toBe('AVAILABLE');
    const bytes = Buffer.from(await (await fetch(evidence.downloadUrl!)).arrayBuffer());
    expect(bytes.equals(Buffer.from(file.bytes))).toBe(true);
  });

  it("rejects a renamed executable, deletes it, and ignores the deletion's own ObjectRemoved event", async () => {
    // Prepare
    const file = { ...SAMPLES.pdf(), bytes: elfExecutable() };
    const { id, key, upload } = await requestUpload(file);
    wired.add(key);
    // Act
    await app.uploadEvidence(upload, file, { notify: false });
    const evidence = await statusOf(id);
    await vi.waitFor(async () => expect((await stored(id)).objectRemovedAt).toBeDefined());
    await vi.waitFor(() => expect(handlerLog).toContainEqual(['info', 'evidence event ignored', expect.objectContaining({ key, reason: 'ObjectRemoved:Delete is not an upload' })]));
    // Assess
    expect(evidence.status).toBe('REJECTED');
    expect(evidence.rejectionReason).toBe("the file's content is an ELF executable, not a PDF document");
    expect(await objectExists(key)).toBe(false);
  });
});

describe('repeated and out-of-order events', () => {
  it('changes nothing on a repeated event for AVAILABLE evidence', async () => {
    // Prepare
    const file = SAMPLES.png();
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file);
    const decided = await stored(id);
    // Act
    const again = await app.notifyObjectCreated(key);
    // Assess
    expect(decided).toMatchObject({ status: 'AVAILABLE', version: 2 });
    expect(again).toEqual([{ result: 'IGNORED', evidenceId: id, reason: 'evidence is already AVAILABLE' }]);
    expect(await stored(id)).toEqual(decided);
  });

  it('changes nothing on a repeated event for REJECTED evidence', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id, key, upload } = await requestUpload(file, { sha256: sha256(pdf('other')) });
    await app.uploadEvidence(upload, file);
    const decided = await stored(id);
    // Act
    const again = await app.notifyObjectCreated(key);
    // Assess
    expect(decided).toMatchObject({ status: 'REJECTED', version: 3 });
    expect(again).toEqual([{ result: 'IGNORED', evidenceId: id, reason: 'evidence is already REJECTED' }]);
    expect(await stored(id)).toEqual(decided);
  });

  it('logs and ignores an object under an evidence-shaped key no upload was issued for, and leaves it alone', async () => {
    // Prepare
    const key = `evidence/${community.id}/${randomUUID()}`;
    await app.s3.send(new PutObjectCommand({ Bucket: app.bucket, Key: key, Body: pdf(), ContentType: 'application/pdf' }));
    // Act
    const outcomes = await app.notifyObjectCreated(key);
    // Assess
    expect(outcomes).toEqual([{ result: 'IGNORED', reason: 'no upload was issued for this key' }]);
    expect(app.processorLog).toContainEqual({ level: 'warn', message: 'evidence event ignored', details: { key, reason: 'no upload was issued for this key' } });
    expect(await objectExists(key)).toBe(true);
  });

  it.each([
    ['a key outside evidence/', () => ({ key: 'uploads/plan.pdf' }), 'not an evidence key'],
    ['another bucket', () => ({ key: `evidence/${community.id}/${randomUUID()}`, bucket: 'someone-elses-bucket' }), 'bucket someone-elses-bucket is not the evidence bucket'],
    ['an ObjectRemoved event', () => ({ key: `evidence/${community.id}/${randomUUID()}`, eventName: 'ObjectRemoved:Delete' }), 'ObjectRemoved:Delete is not an upload'],
  ])('logs and ignores %s', async (_label, make, reason) => {
    // Prepare
    const { key, ...overrides } = make();
    // Act
    const outcomes = await app.notifyObjectCreated(key, overrides);
    // Assess
    expect(outcomes).toEqual([{ result: 'IGNORED', reason }]);
    expect(app.processorLog.at(-1)).toMatchObject({ message: 'evidence event ignored', details: { key, reason } });
  });

  it('ignores an event that arrives before its object, then decides when the object is there', async () => {
    // Prepare
    const file = SAMPLES.webp();
    const { id, key, upload } = await requestUpload(file);
    // Act
    const early = await app.notifyObjectCreated(key);
    const pending = await stored(id);
    const sent = await app.uploadEvidence(upload, file);
    // Assess
    expect(early).toEqual([{ result: 'IGNORED', evidenceId: id, reason: 'the object is no longer there' }]);
    expect(pending).toMatchObject({ status: 'PENDING_UPLOAD', version: 1 });
    expect(sent.outcomes).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
  });

  it('ignores an object stored under the evidence id but another community (a key the server did not issue)', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id } = await requestUpload(file);
    const forged = `evidence/${randomUUID()}/${id}`;
    await app.s3.send(new PutObjectCommand({ Bucket: app.bucket, Key: forged, Body: file.bytes, ContentType: file.contentType }));
    // Act
    const outcomes = await app.notifyObjectCreated(forged);
    // Assess
    expect(outcomes).toEqual([{ result: 'IGNORED', reason: 'no upload was issued for this key' }]);
    expect((await stored(id)).status).toBe('PENDING_UPLOAD');
  });

  it('leaves evidence withdrawn before its file arrived withdrawn, and keeps the file', async () => {
    // Prepare
    const file = SAMPLES.jpeg();
    const { id, key, upload } = await requestUpload(file);
    const withdrawn = (await ok(await app.doors[0]!.execute(WITHDRAW, { input: { id, version: 1, reason: '选错了文件' } }, editor))).withdrawEvidence;
    // Act
    const sent = await app.uploadEvidence(upload, file);
    // Assess
    expect(withdrawn).toEqual({ status: 'WITHDRAWN', version: 2 });
    expect(sent.outcomes).toEqual([{ result: 'IGNORED', evidenceId: id, reason: 'evidence is already WITHDRAWN' }]);
    expect((await stored(id)).status).toBe('WITHDRAWN');
    expect(await objectExists(key)).toBe(true);
  });

  it('decides once when two deliveries of the same event race', async () => {
    // Prepare
    const file = SAMPLES.mp4();
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file, { notify: false });
    // Act
    const outcomes = (await Promise.all([app.notifyObjectCreated(key), app.notifyObjectCreated(key), app.notifyObjectCreated(key)])).flat();
    // Assess
    expect(outcomes.filter((outcome) => outcome.result === 'AVAILABLE')).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
    expect(outcomes.filter((outcome) => outcome.result === 'IGNORED')).toHaveLength(2);
    expect(await stored(id)).toMatchObject({ status: 'AVAILABLE', version: 2 });
  });
});

describe('faults (injected with SDK middleware)', () => {
  /** A processor on clients of its own, whose `commandName` calls fail `times` times. */
  function faultyProcessor(commandName: string, service: 'dynamodb' | 's3', times = 1) {
    const config = loadStorageConfig();
    const { dynamodb, documents } = createAwsClients(config.aws);
    const s3 = createS3Client(config.aws);
    let remaining = times;
    const client = service === 'dynamodb' ? dynamodb : s3;
    (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        if (context.commandName === commandName && remaining > 0) {
          remaining -= 1;
          throw Object.assign(new Error(`injected ${commandName} failure`), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
        }
        return next(args);
      },
      { step: 'initialize', name: `fail${commandName}` },
    );
    const log: unknown[] = [];
    const processor = createEvidenceProcessor(config, { documents, s3 }, { info: () => undefined, warn: () => undefined, error: (...line: unknown[]) => void log.push(line) });
    return { processor, log, destroy: () => { dynamodb.destroy(); s3.destroy(); } };
  }

  it('fails the invocation when the decision cannot be written, so Lambda retries; the retry decides', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file, { notify: false });
    const { processor, log, destroy } = faultyProcessor('TransactWriteItemsCommand', 'dynamodb');
    const event = objectCreatedEvent(app.bucket, key, { size: file.bytes.length });
    // Act
    const first = await processor.handle(event).then(
      () => 'succeeded',
      (error: unknown) => (error instanceof AggregateError ? error.message : 'other error'),
    );
    const between = await stored(id);
    const retry = await processor.handle(event);
    destroy();
    // Assess
    expect(first).toBe('1 of 1 evidence objects could not be processed');
    expect(log).toHaveLength(1);
    expect(between).toMatchObject({ status: 'PENDING_UPLOAD', version: 1 });
    expect(retry).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
  });

  it('finishes taking a rejected object out of reach on the retry when the delete failed, then ignores further events', async () => {
    // Prepare
    const file = { ...SAMPLES.docx(), bytes: elfExecutable() };
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file, { notify: false });
    const { processor, destroy } = faultyProcessor('DeleteObjectCommand', 's3');
    const event = objectCreatedEvent(app.bucket, key, { size: file.bytes.length });
    // Act
    const first = await processor.handle(event).then(() => 'succeeded', () => 'failed');
    const between = await stored(id);
    const stillThere = await objectExists(key);
    const retry = await processor.handle(event);
    const removed = await stored(id);
    const third = await processor.handle(event);
    destroy();
    // Assess
    expect(first).toBe('failed');
    expect(between).toMatchObject({ status: 'REJECTED', version: 2 });
    expect(between.objectRemovedAt).toBeUndefined();
    expect(stillThere).toBe(true);
    expect(retry).toEqual([{ result: 'REJECTED', evidenceId: id, reason: "the file's content is an ELF executable, not a Word document (DOCX)" }]);
    expect(removed).toMatchObject({ status: 'REJECTED', version: 3 });
    expect(removed.objectRemovedAt).toBeDefined();
    expect(await objectExists(key)).toBe(false);
    expect(third).toEqual([{ result: 'IGNORED', evidenceId: id, reason: 'evidence is already REJECTED' }]);
    expect(await stored(id)).toEqual(removed);
  });

  it('processes every record of an event even when one fails, and fails the invocation for the retry', async () => {
    // Prepare
    const good = SAMPLES.png();
    const first = await requestUpload(good);
    const second = await requestUpload(good);
    await app.uploadEvidence(first.upload, good, { notify: false });
    await app.uploadEvidence(second.upload, good, { notify: false });
    const { processor, destroy } = faultyProcessor('TransactWriteItemsCommand', 'dynamodb');
    const event = { Records: [...objectCreatedEvent(app.bucket, first.key).Records!, ...objectCreatedEvent(app.bucket, second.key).Records!] };
    // Act
    const failed = await processor.handle(event).then(() => false, () => true);
    const retry: ProcessingOutcome[] = await processor.handle(event);
    destroy();
    // Assess
    expect(failed).toBe(true);
    expect((await stored(second.id)).status).toBe('AVAILABLE');
    expect(retry.map((outcome) => outcome.result).sort()).toEqual(['AVAILABLE', 'IGNORED']);
    expect((await stored(first.id)).status).toBe('AVAILABLE');
  });
});

describe('the S3 calls of a decision (counted with SDK middleware)', () => {
  /** A processor on clients of its own that records the name of every S3 command it sends. */
  function countingProcessor() {
    const config = loadStorageConfig();
    const { dynamodb, documents } = createAwsClients(config.aws);
    const s3 = createS3Client(config.aws);
    const commands: string[] = [];
    (s3.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        commands.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    const processor = createEvidenceProcessor(config, { documents, s3 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
    return { processor, commands, destroy: () => { dynamodb.destroy(); s3.destroy(); } };
  }

  it('reads an accepted object with one GetObject and no HeadObject', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file, { notify: false });
    const { processor, commands, destroy } = countingProcessor();
    // Act
    const outcome = await processor.handle(objectCreatedEvent(app.bucket, key, { size: file.bytes.length }));
    destroy();
    // Assess
    expect(outcome).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
    expect(commands).toEqual(['GetObjectCommand']);
    expect(await stored(id)).toMatchObject({ status: 'AVAILABLE', version: 2 });
  });

  it('rejects an object of another size from its GetObject headers, then removes it', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id, key } = await requestUpload(file);
    const longer = Buffer.concat([Buffer.from(file.bytes), randomBytes(300_000)]);
    await app.s3.send(new PutObjectCommand({ Bucket: app.bucket, Key: key, Body: longer, ContentType: file.contentType }));
    const { processor, commands, destroy } = countingProcessor();
    // Act
    const outcome = await processor.handle(objectCreatedEvent(app.bucket, key, { size: longer.length }));
    destroy();
    // Assess
    expect(outcome).toEqual([{ result: 'REJECTED', evidenceId: id, reason: `the file is ${longer.length} bytes, not the declared ${file.bytes.length}` }]);
    expect(commands).toEqual(['GetObjectCommand', 'DeleteObjectCommand']);
    expect(await objectExists(key)).toBe(false);
    expect(await stored(id)).toMatchObject({ status: 'REJECTED' });
  });
});

describe('the DynamoDB calls of a decision (recorded with SDK middleware)', () => {
  it('reads the record once, consistently (a just-created record is found), and decides in one TransactWriteItems', async () => {
    // Prepare
    const file = SAMPLES.pdf();
    const { id, key, upload } = await requestUpload(file);
    await app.uploadEvidence(upload, file, { notify: false });
    const config = loadStorageConfig();
    const { dynamodb, documents } = createAwsClients(config.aws);
    const s3 = createS3Client(config.aws);
    const calls: { command: string; input: unknown }[] = [];
    (dynamodb.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
      (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
        calls.push({ command: context.commandName ?? 'unknown', input: args.input });
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    const processor = createEvidenceProcessor(config, { documents, s3 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
    // Act
    const outcome = await processor.handle(objectCreatedEvent(app.bucket, key, { size: file.bytes.length }));
    dynamodb.destroy();
    s3.destroy();
    // Assess
    expect(outcome).toEqual([{ result: 'AVAILABLE', evidenceId: id }]);
    expect(calls.map((call) => call.command)).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(calls[0]?.input).toMatchObject({ RequestItems: { [app.table.name]: { Keys: [{ pk: `EVIDENCE#${id}`, sk: 'EVIDENCE' }], ConsistentRead: true } } });
  });
});

describe('file signatures', () => {
  const sampleOf = (bytes: Uint8Array) => ({ head: bytes.subarray(0, HEAD_BYTES), tail: bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)), size: bytes.length });

  it.each(Object.entries(SAMPLES))('recognises the %s sample by its bytes', (kind, make) => {
    expect(recognise(sampleOf(make().bytes))).toBe(kind.toUpperCase());
  });

  it('finds word/ entries in the central directory alone and in the local headers alone', () => {
    // Prepare
    const bytes = docx();
    // Act / Assess
    expect(recognise({ head: bytes.subarray(0, 4), tail: bytes, size: bytes.length })).toBe('DOCX');
    expect(recognise({ head: bytes, tail: new Uint8Array(0), size: bytes.length })).toBe('DOCX');
  });

  it.each([
    ['a ZIP that is no Office document', zip([['readme.txt', 'hello']]), 'a ZIP archive that is neither a Word document nor an Excel workbook'],
    ['an HTML page', Buffer.from('  <!DOCTYPE html><script>alert(1)</script>'), 'HTML or SVG markup'],
    ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a script'],
    ['an ftyp box not at offset 4', Buffer.concat([Buffer.alloc(8), Buffer.from(mp4()).subarray(4)]), 'unrecognised content'],
    ['nothing', new Uint8Array(0), 'empty'],
  ])('describes %s as what it is', (_label, bytes, description) => {
    expect(describeContent(sampleOf(bytes))).toBe(description);
    expect(checkContent('PDF', sampleOf(bytes))).toEqual({ ok: false, reason: `the file's content is ${description}, not a PDF document` });
  });

  it('reads an object once: SHA-256, size, the first 64 KiB and the last 256 KiB, whatever the chunking', async () => {
    // Prepare
    const bytes = randomBytes(1_000_003);
    async function* chunks() {
      for (let offset = 0; offset < bytes.length; offset += 65_521) yield bytes.subarray(offset, offset + 65_521);
    }
    // Act
    const sample = await readSample(chunks());
    // Assess
    expect(sample.sha256).toBe(sha256(bytes));
    expect(sample.size).toBe(bytes.length);
    expect(Buffer.from(sample.head).equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
    expect(Buffer.from(sample.tail).equals(bytes.subarray(bytes.length - TAIL_BYTES))).toBe(true);
  });
});
