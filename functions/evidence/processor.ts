import { createHash, randomUUID } from 'node:crypto';
import { WritePipeline } from '#core/db/pipeline.ts';
import { systemOrigin, type WriteOrigin } from '#core/origin.ts';
import { AuditTrail } from '#audit/trail.ts';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '#core/config.ts';
import { ConflictError } from '#core/errors.ts';
import { checkContent, type FileSample, HEAD_BYTES, TAIL_BYTES } from './magic.ts';
import { allowedType, type Evidence, lateArrivalAllowanceMs, parseEvidenceKey } from './model.ts';
import { EvidenceRepository } from './repository.ts';
import { EvidenceObjects, type OpenedObject, type StoredObject } from './storage.ts';

/**
 * The evidence processor: given an object S3 reports created, decides whether it is the file the
 * uploader declared — arrived in time, exactly the declared size, the declared content type, the
 * declared kind by its own bytes, the declared SHA-256 — and marks the evidence AVAILABLE or
 * REJECTED. A rejected object is taken out of reach (EvidenceObjects.remove). Nothing here knows how the
 * news arrived: the Lambda handler (S3 notifications), `npm start` (s3rver's `event`) and the
 * tests call `handle` with the same S3 event.
 *
 * Each key is used once. An event for evidence already decided, for a key no upload was issued,
 * for another bucket, or that is not an ObjectCreated, changes nothing and is logged; so repeated
 * and out-of-order deliveries (S3 delivers at least once, in no guaranteed order) are harmless.
 * A decision is a conditional write on the evidence's version, so two deliveries racing each
 * other, or a delivery racing a withdrawal, decide once.
 */

/** The part of an S3 event notification the processor reads (aws-lambda's S3Event fits it). */
export interface S3Notification {
  readonly Records?: readonly {
    readonly eventName: string;
    readonly s3: {
      readonly bucket: { readonly name: string };
      readonly object: { readonly key: string; readonly versionId?: string | undefined };
    };
  }[];
}

export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | undefined;
}

export type ProcessingOutcome =
  | { readonly result: 'AVAILABLE'; readonly evidenceId: string }
  | { readonly result: 'REJECTED'; readonly evidenceId: string; readonly reason: string }
  | { readonly result: 'IGNORED'; readonly evidenceId?: string; readonly reason: string };

export type ProcessorLogger = Pick<Console, 'info' | 'warn' | 'error'>;

/** Reads of the record when DynamoDB leaves its key unprocessed (throttling), before the record fails. */
const RECORD_READ_ATTEMPTS = 4;

export class EvidenceProcessor {
  constructor(
    private readonly repository: EvidenceRepository,
    private readonly objects: EvidenceObjects,
    private readonly logger: ProcessorLogger = console,
  ) {}

  /**
   * Every record of an event, one after the other. A record that fails (DynamoDB or S3
   * unavailable) does not stop the others; the call then throws so that Lambda retries the
   * event, and the retry skips what was decided.
   */
  async handle(event: S3Notification): Promise<ProcessingOutcome[]> {
    const outcomes: ProcessingOutcome[] = [];
    const failures: unknown[] = [];
    for (const record of event.Records ?? []) {
      const key = decodeKey(record.s3.object.key);
      try {
        if (!record.eventName.startsWith('ObjectCreated:')) {
          outcomes.push(this.ignore({ key }, `${record.eventName} is not an upload`, 'info'));
          continue;
        }
        outcomes.push(await this.process({ bucket: record.s3.bucket.name, key, versionId: record.s3.object.versionId }));
      } catch (error) {
        this.logger.error('evidence processing failed', { key, error });
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} of ${event.Records?.length ?? 0} evidence objects could not be processed`);
    }
    return outcomes;
  }

  async process(object: CreatedObject): Promise<ProcessingOutcome> {
    if (object.bucket !== this.objects.bucket) return this.ignore(object, `bucket ${object.bucket} is not the evidence bucket`, 'warn');
    const ids = parseEvidenceKey(object.key);
    if (!ids) return this.ignore(object, 'not an evidence key', 'warn');
    // The record and the object at once: GetObject's headers carry what HeadObject would (size,
    // type, arrival time, version), so the object's first byte is one round trip away, not three.
    // An object that turns out not to be read (evidence already decided, a wrong size) is
    // discarded after its headers.
    const [record, file] = await Promise.allSettled([this.readRecord(ids.evidenceId), this.objects.open(object.key, object.versionId)]);
    const opened = file.status === 'fulfilled' ? file.value : undefined;
    try {
      if (record.status === 'rejected') throw record.reason;
      const evidence = record.value;
      if (!evidence || evidence.key !== object.key) return this.ignore(object, 'no upload was issued for this key', 'warn');

      if (evidence.status === 'REJECTED' && !evidence.objectRemovedAt) {
        // A previous delivery decided but failed to remove the object: finish that, change nothing else.
        opened?.discard();
        await this.removeRejected(evidence);
        return { result: 'REJECTED', evidenceId: evidence.id, reason: evidence.rejectionReason ?? 'rejected' };
      }
      if (evidence.status !== 'PENDING_UPLOAD') {
        const later = evidence.objectVersionId !== undefined && object.versionId !== undefined && object.versionId !== evidence.objectVersionId;
        return this.ignore(
          object,
          later
            ? `a later upload (version ${object.versionId}) to evidence already ${evidence.status}; downloads stay pinned to version ${evidence.objectVersionId}`
            : `evidence is already ${evidence.status}`,
          later ? 'warn' : 'info',
          evidence.id,
        );
      }

      if (file.status === 'rejected') throw file.reason;
      if (!opened) return this.ignore(object, 'the object is no longer there', 'warn', evidence.id);
      const problem = await this.findProblem(evidence, opened);
      opened.discard();
      return await this.decide(evidence, opened, problem);
    } finally {
      opened?.discard();
    }
  }

  /**
   * The evidence record, read consistently: S3 may announce an object within a second of the
   * requestEvidenceUpload that created its record, and an eventually consistent read then may
   * not find it yet, which would leave the upload IGNORED ("no upload was issued") for good. One
   * BatchGetItem, the action the processor's role has on EVIDENCE# items.
   */
  private async readRecord(id: string): Promise<Evidence | undefined> {
    const { table, evidence } = this.repository;
    for (let attempt = 1; ; attempt += 1) {
      const response = await table.client.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: [evidence.key(id)], ConsistentRead: true } } }));
      const item = response.Responses?.[table.name]?.[0];
      if (item) return evidence.fromItem(item);
      if (!response.UnprocessedKeys?.[table.name]?.Keys?.length) return undefined;
      if (attempt >= RECORD_READ_ATTEMPTS) throw new Error(`BatchGetItem left evidence ${id} unprocessed ${attempt} times`);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }

  /** Why the object is not what was declared, or undefined when it is. Cheap checks first: the body of a wrong size is never read. */
  private async findProblem(evidence: Evidence, opened: OpenedObject): Promise<string | undefined> {
    const deadline = Date.parse(evidence.uploadExpiresAt) + lateArrivalAllowanceMs(evidence.size);
    if (opened.lastModified && opened.lastModified.getTime() > deadline) {
      return `the file arrived at ${opened.lastModified.toISOString()}, after its upload URL expired at ${evidence.uploadExpiresAt}`;
    }
    if (opened.size !== evidence.size) return `the file is ${opened.size} bytes, not the declared ${evidence.size}`;
    const storedType = opened.contentType?.split(';')[0]?.trim().toLowerCase();
    if (storedType !== evidence.contentType) return `the file was stored as ${storedType ?? 'no content type'}, not the declared ${evidence.contentType}`;
    const type = allowedType(evidence.contentType);
    if (!type) return `${evidence.contentType} is not an allowed type`;

    const sample = await readSample(opened.body);
    if (sample.size !== evidence.size) return `the file is ${sample.size} bytes, not the declared ${evidence.size}`;
    const content = checkContent(type.kind, sample);
    if (!content.ok) return content.reason;
    if (sample.sha256 !== evidence.sha256) return `the file's SHA-256 is ${sample.sha256}, not the declared ${evidence.sha256}`;
    return undefined;
  }

  private async decide(evidence: Evidence, stored: StoredObject, problem: string | undefined): Promise<ProcessingOutcome> {
    const now = new Date().toISOString();
    const checked = {
      ...evidence,
      ...(stored.versionId ? { objectVersionId: stored.versionId } : {}),
      ...(stored.eTag ? { objectETag: stored.eTag } : {}),
      version: evidence.version + 1,
      updatedAt: now,
    };
    const next: Evidence = problem
      ? { ...checked, status: 'REJECTED', rejectedAt: now, rejectionReason: problem }
      : { ...checked, status: 'AVAILABLE', availableAt: now };
    try {
      await this.repository.replace(evidence, next, 'EVIDENCE_DECIDED', evidence.regionCode ?? '', this.origin(evidence));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await this.readRecord(evidence.id);
      return this.ignore({ key: evidence.key }, `evidence changed meanwhile; it is ${current?.status ?? 'gone'}`, 'info', evidence.id);
    }
    if (!problem) {
      this.logger.info('evidence AVAILABLE', { evidenceId: evidence.id, key: evidence.key, versionId: stored.versionId });
      return { result: 'AVAILABLE', evidenceId: evidence.id };
    }
    this.logger.warn('evidence REJECTED', { evidenceId: evidence.id, key: evidence.key, versionId: stored.versionId, reason: problem });
    await this.removeRejected(next);
    return { result: 'REJECTED', evidenceId: evidence.id, reason: problem };
  }

  /** Deletes the current version of a rejected object, then records that it did. */
  private async removeRejected(evidence: Evidence): Promise<void> {
    await this.objects.remove(evidence.key);
    const now = new Date().toISOString();
    try {
      await this.repository.replace(
        evidence,
        { ...evidence, objectRemovedAt: now, version: evidence.version + 1, updatedAt: now },
        'EVIDENCE_DECIDED',
        evidence.regionCode ?? '',
        this.origin(evidence),
      );
    } catch (error) {
      // Another delivery recorded the removal first.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  /** The processor writes as the platform itself; each decision is one request of its own. */
  private origin(evidence: Evidence): WriteOrigin {
    return systemOrigin('evidence-processor', `evidence-processor:${evidence.id}:${randomUUID()}`);
  }

  private ignore(object: { key: string }, reason: string, level: 'info' | 'warn', evidenceId?: string): ProcessingOutcome {
    this.logger[level]('evidence event ignored', { key: object.key, ...(evidenceId ? { evidenceId } : {}), reason });
    return { result: 'IGNORED', ...(evidenceId ? { evidenceId } : {}), reason };
  }
}

/** The processor of a process: its repository and object store on the given clients. */
export function createEvidenceProcessor(
  config: Pick<StorageConfig, 'tableName' | 'evidenceBucket'>,
  clients: { readonly documents: DynamoDBDocumentClient; readonly s3: S3Client },
  logger?: ProcessorLogger,
): EvidenceProcessor {
  const table = { client: clients.documents, name: config.tableName };
  // The processor only replaces evidence records, which feed no counter and no index: of the
  // pipeline's contributors only the audit trail has steps for them, and its role may write only those.
  return new EvidenceProcessor(
    new EvidenceRepository(table, new WritePipeline(table, [new AuditTrail(table)])),
    new EvidenceObjects(clients.s3, config.evidenceBucket),
    logger,
  );
}

/** S3 URL-encodes keys in notifications (a space as `+`); s3rver sends them raw. Evidence keys read the same either way. */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** One pass over the object: its SHA-256, size, first HEAD_BYTES and last TAIL_BYTES. */
export async function readSample(stream: AsyncIterable<Uint8Array>): Promise<FileSample & { readonly sha256: string }> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  const tail: Buffer[] = [];
  let tailLength = 0;
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    hash.update(bytes);
    size += bytes.length;
    if (headLength < HEAD_BYTES) {
      const part = bytes.subarray(0, HEAD_BYTES - headLength);
      head.push(part);
      headLength += part.length;
    }
    tail.push(bytes);
    tailLength += bytes.length;
    while (tail.length > 1 && tailLength - (tail[0]?.length ?? 0) >= TAIL_BYTES) tailLength -= tail.shift()?.length ?? 0;
  }
  const tailBytes = Buffer.concat(tail);
  return {
    sha256: hash.digest('hex'),
    size,
    head: Buffer.concat(head),
    tail: tailBytes.subarray(Math.max(0, tailBytes.length - TAIL_BYTES)),
  };
}
