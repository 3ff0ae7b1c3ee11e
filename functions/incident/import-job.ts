import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { StorageConfig } from '#core/config.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { S3Notification } from '#evidence/processor.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { IncidentImporter } from './import.ts';
import { bytesSource, describeKind, ImportFileError, inspectImportFile, openImportTable } from './import-file.ts';
import { type IncidentImportJob, type ImportJobProgress, MAX_IMPORT_FILE_BYTES, parseImportObjectKey, rejectedRowsKey, runnable } from './import-job-model.ts';
import { ImportJobRepository } from './import-job-repository.ts';
import { rejectedRowsWorkbook } from './import-rejected.ts';
import { type ImportTally, openImportFile, type RejectedRow } from './import-run.ts';
import { RecentIncidentIndex } from './recent-index.ts';
import { IncidentRepository } from './repository.ts';

/**
 * The import job (the Lambda import-job-handler.ts in AWS, fed by the bucket's ObjectCreated on
 * imports/; `npm start` feeds it from s3rver's `event`, as it feeds the evidence processor): for
 * an uploaded file, claims its job (QUEUED, FAILED, or RUNNING without progress for
 * IMPORT_STALE_MS: a run that died), checks the object against what was declared (size, SHA-256),
 * and imports it through openImportFile — the CLI's path: the same decoding, header check,
 * validation, guards, transactions, counters and audit entries (`via: import:<jobId>`) — writing
 * its progress after every batch. It ends DONE with the counts and, when rows were refused, their
 * workbook under exports/; or FAILED with why (a file refused before any row: the line). Rows are
 * written on the requester's behalf into the job's community only: a row naming another
 * community is refused. Logs carry ids and counts, never the file's text.
 */

export interface ImportJobClients {
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
}

export interface ImportJobOptions {
  readonly batchSize?: number;
  readonly now?: () => Date;
  readonly log?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export type ImportJobOutcome =
  | { readonly result: 'DONE' | 'FAILED'; readonly jobId: string; readonly counts: ImportTally }
  | { readonly result: 'IGNORED'; readonly jobId?: string; readonly reason: string };

export class IncidentImportJobRunner {
  private readonly jobs: ImportJobRepository;
  private readonly incidents: IncidentRepository;
  private readonly index: RecentIncidentIndex;
  private readonly communityRepository: CommunityRepository;
  private readonly bucket: string;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly log: Pick<Console, 'info' | 'warn' | 'error'>;

  constructor(
    config: Pick<StorageConfig, 'tableName' | 'evidenceBucket'>,
    private readonly clients: ImportJobClients,
    options: ImportJobOptions = {},
  ) {
    const table = { client: clients.documents, name: config.tableName };
    // The whole write pipeline: imported incidents feed the counters and the recent index, as the CLI's do.
    const pipeline = createWritePipeline(table);
    this.jobs = new ImportJobRepository(table, pipeline);
    this.incidents = new IncidentRepository(table, pipeline);
    this.index = new RecentIncidentIndex(table);
    this.communityRepository = new CommunityRepository(table, pipeline);
    this.bucket = config.evidenceBucket;
    this.batchSize = options.batchSize ?? 200;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? console;
  }

  /**
   * Every record of an S3 event, one after the other. A record that fails outside the job's own
   * handling (the table unreachable) makes the call throw, so Lambda retries the event; the retry
   * finds the job RUNNING with fresh progress and leaves it, or FAILED and runs it again.
   */
  async handle(event: S3Notification): Promise<ImportJobOutcome[]> {
    const outcomes: ImportJobOutcome[] = [];
    const failures: unknown[] = [];
    for (const record of event.Records ?? []) {
      const key = decodeKey(record.s3.object.key);
      try {
        if (!record.eventName.startsWith('ObjectCreated:')) outcomes.push(this.ignore(key, `${record.eventName} is not an upload`));
        else if (record.s3.bucket.name !== this.bucket) outcomes.push(this.ignore(key, 'not the platform bucket'));
        else outcomes.push(await this.runKey(key));
      } catch (error) {
        this.log.error('import job failed outside its own handling', { key, error: error instanceof Error ? error.name : 'unknown' });
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${event.Records?.length ?? 0} import uploads could not be processed`);
    return outcomes;
  }

  private async runKey(key: string): Promise<ImportJobOutcome> {
    const ids = parseImportObjectKey(key);
    if (!ids) return this.ignore(key, 'not an import upload key');
    return this.run(ids.jobId, key);
  }

  /** Runs the job of an uploaded file, when it may run now. */
  async run(jobId: string, key?: string): Promise<ImportJobOutcome> {
    const found = await this.jobs.getConsistent(jobId);
    if (!found || (key !== undefined && found.job.key !== key)) return this.ignore(key ?? jobId, 'no import was requested for this key', jobId);
    const { job, progress } = found;
    const now = this.now();
    if (!runnable(job, progress, now)) return this.ignore(job.key, `the job is ${job.status}${job.status === 'RUNNING' ? ' (its run is alive)' : ''}`, jobId);
    const origin = originOf(job);
    const running: IncidentImportJob = {
      ...withoutOutcome(job),
      status: 'RUNNING',
      runs: job.runs + 1,
      startedAt: now.toISOString(),
      version: job.version + 1,
      updatedAt: now.toISOString(),
    };
    try {
      await this.jobs.replace(job, running, 'IMPORT_JOB_STARTED', origin);
    } catch (error) {
      if (error instanceof ConflictError) return this.ignore(job.key, 'another run claimed the job first', jobId);
      throw error;
    }
    const counts: ImportTally = { rows: 0, created: 0, duplicates: 0, rejected: 0 };
    await this.jobs.recordProgress(jobId, { processed: 0, created: 0, duplicates: 0, rejected: 0, at: now.toISOString() });
    try {
      const bytes = await this.fileOf(running);
      const outcome = await this.importFile(running, bytes, origin);
      Object.assign(counts, outcome.counts);
      await this.finish(running, { status: 'DONE', encoding: outcome.encoding, ...(outcome.rejectedKey ? { rejectedKey: outcome.rejectedKey } : {}) }, origin);
      this.log.info('import job DONE', { jobId, communityId: job.communityId, run: running.runs, ...counts });
      return { result: 'DONE', jobId, counts };
    } catch (error) {
      const refused = error instanceof ImportFileError || error instanceof DeclaredFileMismatch;
      const reason = refused ? (error instanceof ImportFileError ? (error.issues[0]?.message ?? error.message) : error.message) : 'the import stopped on an internal error; send the same file again to resume it (rows already stored are recognised)';
      this.log[refused ? 'warn' : 'error']('import job FAILED', { jobId, communityId: job.communityId, kind: error instanceof Error ? error.name : 'unknown' });
      await this.finish(running, { status: 'FAILED', error: reason, ...(error instanceof ImportFileError && error.encoding ? { encoding: error.encoding } : {}) }, origin);
      return { result: 'FAILED', jobId, counts };
    }
  }

  /** The uploaded object, when it is the declared file: exactly its size and SHA-256. */
  private async fileOf(job: IncidentImportJob): Promise<Buffer> {
    const head = await this.clients.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: job.key }));
    const size = head.ContentLength ?? 0;
    if (size !== job.size || size > MAX_IMPORT_FILE_BYTES) throw new DeclaredFileMismatch(`the file is ${size} bytes, not the declared ${job.size}`);
    const response = await this.clients.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: job.key }));
    const parts: Buffer[] = [];
    for await (const chunk of response.Body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(chunk));
    const bytes = Buffer.concat(parts);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== job.size) throw new DeclaredFileMismatch(`the file is ${bytes.length} bytes, not the declared ${job.size}`);
    if (sha256 !== job.sha256) throw new DeclaredFileMismatch(`the file's SHA-256 is ${sha256}, not the declared ${job.sha256}`);
    return bytes;
  }

  private async importFile(job: IncidentImportJob, bytes: Buffer, origin: WriteOrigin): Promise<{ counts: ImportTally; encoding: string; rejectedKey?: string }> {
    const principal: Principal = { role: 'COMMUNITY_EDITOR', subject: job.requestedBy, communityIds: [job.communityId] };
    const importer = new IncidentImporter(
      this.incidents,
      this.index,
      new CommunityService(this.communityRepository, principal, origin),
      principal,
      origin,
      // Named after the job: a second run recognises the first run's rows as its own.
      { callId: `import:${job.id}` },
    );
    const source = bytesSource(bytes);
    const kind = await inspectImportFile(source);
    // The total first (the file is in memory: a CSV is read twice, a workbook knows its rows).
    const counted = await openImportTable(source, kind);
    let total = counted.rowCount ?? 0;
    if (counted.rowCount === undefined) for await (const _row of counted.rows) total += 1;
    const opened = await openImportFile(importer, source, { defaultCommunity: job.communityId, batchSize: this.batchSize }).catch((error: unknown) => {
      if (error instanceof ImportFileError) error.encoding = kind.encoding;
      throw error;
    });
    const progress = (tally: Readonly<ImportTally>): ImportJobProgress => ({
      processed: tally.rows,
      total,
      created: tally.created,
      duplicates: tally.duplicates,
      rejected: tally.rejected,
      encoding: kind.encoding,
      at: this.now().toISOString(),
    });
    await this.jobs.recordProgress(job.id, progress({ rows: 0, created: 0, duplicates: 0, rejected: 0 }));
    const rejected: RejectedRow[] = [];
    const counts = await opened.run({
      onProgress: (tally) => this.jobs.recordProgress(job.id, progress(tally)),
      onRejected: (row) => {
        rejected.push(row);
      },
    });
    if (rejected.length === 0) return { counts, encoding: kind.encoding };
    const workbook = await rejectedRowsWorkbook({
      fileName: job.fileName,
      header: opened.table.header,
      rows: rejected,
      read: describeKind(kind),
      counts: { processed: counts.rows, created: counts.created, duplicates: counts.duplicates, rejected: counts.rejected },
    });
    const rejectedKey = rejectedRowsKey(job.id);
    await this.clients.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: rejectedKey, Body: workbook, ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    );
    return { counts, encoding: kind.encoding, rejectedKey };
  }

  private async finish(previous: IncidentImportJob, outcome: Partial<IncidentImportJob> & Pick<IncidentImportJob, 'status'>, origin: WriteOrigin): Promise<void> {
    const now = this.now().toISOString();
    await this.jobs.replace(previous, { ...previous, ...outcome, finishedAt: now, version: previous.version + 1, updatedAt: now }, 'IMPORT_JOB_FINISHED', origin);
  }

  private ignore(key: string, reason: string, jobId?: string): ImportJobOutcome {
    this.log.info('import event ignored', { key, ...(jobId ? { jobId } : {}), reason });
    return { result: 'IGNORED', ...(jobId ? { jobId } : {}), reason };
  }
}

export function createImportJobRunner(config: Pick<StorageConfig, 'tableName' | 'evidenceBucket'>, clients: ImportJobClients, options?: ImportJobOptions): IncidentImportJobRunner {
  return new IncidentImportJobRunner(config, clients, options);
}

/** The uploaded object is not the file that was declared: the job is FAILED with why. */
class DeclaredFileMismatch extends Error {
  override name = 'DeclaredFileMismatch';
}

/** The rows are the requester's: the audit entries name them, with the job's run as the request. */
function originOf(job: IncidentImportJob): WriteOrigin {
  return { actor: { subject: job.requestedBy, role: job.requestedRole, scope: job.communityId }, requestId: `import-job:${job.id}:${randomUUID()}` };
}

/** A job about to run again: what its previous run ended with goes. */
function withoutOutcome(job: IncidentImportJob): IncidentImportJob {
  const { error: _error, rejectedKey: _rejectedKey, finishedAt: _finishedAt, ...rest } = job;
  return rest;
}

/** S3 URL-encodes keys in notifications (a space as `+`); s3rver sends them raw. Import keys read the same either way. */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}
