import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { importJobKeys } from '#core/db/keys.ts';
import type { WritePipeline, WriteOperation } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import { batchGet, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { ImportJobProgress, IncidentImportJob } from './import-job-model.ts';

/**
 * Import jobs in the single table (keys.ts, importJobKeys): the job record through the write
 * pipeline (its audit entries), its progress as a gauge (UpdateItem, no version, no audit entry:
 * stale the moment it is read, and written after every batch), and the file guard that makes a
 * file one job per community, put with the job in one transaction.
 */
export class ImportJobRepository {
  readonly jobs: RecordStore<IncidentImportJob>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.jobs = new RecordStore<IncidentImportJob>(table, { kind: importJobKeys.kind, type: 'IncidentImportJob', label: 'import job' });
  }

  /** The job with its progress: one BatchGetItem. */
  async get(id: string): Promise<{ job: IncidentImportJob; progress: ImportJobProgress | undefined } | undefined> {
    const items = await batchGet(this.table, [importJobKeys.key(id), importJobKeys.progress(id)]);
    const record = items.find((item) => item.sk === importJobKeys.key(id).sk);
    if (!record) return undefined;
    const gauge = items.find((item) => item.sk === importJobKeys.progress(id).sk);
    return { job: this.jobs.fromItem(record), progress: gauge ? progressOf(gauge) : undefined };
  }

  /** Jobs with their progress, in the order of `ids` (undefined where none): one BatchGetItem of two items per job. */
  async getMany(ids: readonly string[]): Promise<({ job: IncidentImportJob; progress: ImportJobProgress | undefined } | undefined)[]> {
    const items = await batchGet(this.table, [...new Set(ids)].flatMap((id) => [importJobKeys.key(id), importJobKeys.progress(id)]));
    const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
    return ids.map((id) => {
      const key = importJobKeys.key(id);
      const record = byKey.get(`${key.pk}\u0000${key.sk}`);
      if (!record) return undefined;
      const progress = importJobKeys.progress(id);
      const gauge = byKey.get(`${progress.pk}\u0000${progress.sk}`);
      return { job: this.jobs.fromItem(record), progress: gauge ? progressOf(gauge) : undefined };
    });
  }

  /** The job and its progress as stored now (the job's run reads them before it claims the job). */
  async getConsistent(id: string): Promise<{ job: IncidentImportJob; progress: ImportJobProgress | undefined } | undefined> {
    const job = await this.jobs.getConsistent(id);
    if (!job) return undefined;
    const gauge = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: importJobKeys.progress(id), ConsistentRead: true }));
    return { job, progress: gauge.Item ? progressOf(gauge.Item) : undefined };
  }

  /** The new QUEUED job and the file's guard together; when the community has a job of this file, nothing is written (FileAlreadySent). */
  async request(job: IncidentImportJob, origin: WriteOrigin): Promise<void> {
    const guard: TransactionStep = {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...importJobKeys.fileGuard(job.communityId, job.sha256), entity: 'IncidentImportFileGuard', jobId: job.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new FileAlreadySent(job.communityId, job.sha256),
    };
    await this.pipeline.commit({ operation: 'IMPORT_JOB_REQUESTED', steps: [this.jobs.createStep(job), guard], changes: this.jobs.created(job, job.regionCode).changes }, origin);
  }

  /** The job that holds the file's guard in the community, if one does. */
  async jobOfFile(communityId: string, sha256: string): Promise<string | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: importJobKeys.fileGuard(communityId, sha256), ConsistentRead: true }));
    const jobId = (response.Item as { jobId?: unknown } | undefined)?.jobId;
    return typeof jobId === 'string' ? jobId : undefined;
  }

  /** A state change under the version read (CONFLICT when another run changed it first). */
  replace(previous: IncidentImportJob, next: IncidentImportJob, operation: Extract<WriteOperation, 'IMPORT_JOB_STARTED' | 'IMPORT_JOB_FINISHED'>, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation, ...this.jobs.replaced(previous, next, previous.regionCode) }, origin);
  }

  /** The counts so far: one UpdateItem beside the record. */
  async recordProgress(jobId: string, progress: ImportJobProgress): Promise<void> {
    const fields: Record<string, unknown> = {
      entity: 'IncidentImportProgress',
      processed: progress.processed,
      created: progress.created,
      duplicates: progress.duplicates,
      rejected: progress.rejected,
      at: progress.at ?? new Date().toISOString(),
      ...(progress.total !== undefined ? { total: progress.total } : {}),
      ...(progress.encoding !== undefined ? { encoding: progress.encoding } : {}),
    };
    const names = Object.keys(fields);
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: importJobKeys.progress(jobId),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
      }),
    );
  }
}

/** The community has a job of this file already: the request wrote nothing (the service answers that job). */
export class FileAlreadySent extends ConflictError {
  constructor(
    readonly communityId: string,
    readonly sha256: string,
  ) {
    super(`community ${communityId} has an import job of this file already`);
    this.name = 'FileAlreadySent';
  }
}

function progressOf(item: Record<string, unknown>): ImportJobProgress {
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    processed: number(item.processed),
    created: number(item.created),
    duplicates: number(item.duplicates),
    rejected: number(item.rejected),
    ...(typeof item.total === 'number' ? { total: item.total } : {}),
    ...(typeof item.encoding === 'string' ? { encoding: item.encoding } : {}),
    ...(typeof item.at === 'string' ? { at: item.at } : {}),
  };
}
