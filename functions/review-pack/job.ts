import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditTrail } from '#audit/trail.ts';
import { CommunityRepository } from '#community/repository.ts';
import type { StorageConfig } from '#core/config.ts';
import { WritePipeline } from '#core/db/pipeline.ts';
import { ConflictError } from '#core/errors.ts';
import { systemOrigin } from '#core/origin.ts';
import { AQT_ELEMENTS, type Evidence } from '#evidence/model.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import type { Assessment } from '#review/assessment-model.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { bundledSheet } from '#review/bundled-sheets.ts';
import type { ScoringSheet } from '#review/sheet.ts';
import { SheetRepository } from '#review/sheet-repository.ts';
import { type ArchiveEntry, ArchiveSourceError, writeArchive } from './archive.ts';
import { indexWorkbook, type PackedFile } from './index-workbook.ts';
import { elementFolder, INDEX_FILE_NAME, type ReviewPack, UNASSIGNED_FOLDER, UniqueNames } from './model.ts';
import { ReviewPackRepository } from './repository.ts';

/**
 * The review pack's job (the Lambda handler.ts in AWS, InProcessLauncher locally): takes a QUEUED
 * pack, marks it RUNNING, reads the community's archive (its AVAILABLE evidence, one Query per
 * 100) and its latest self-assessment, streams the ZIP into the bucket under `exports/`
 * (archive.ts) and marks the pack DONE, or FAILED with the reason, releasing the community's
 * guard in that same write. An event for a pack that is not QUEUED (a replayed invocation) does
 * nothing. Logs carry ids and error kinds, never file names or tokens.
 */

const MiB = 1024 * 1024;

export interface ReviewPackJobOptions {
  /** Bytes per uploaded part: 8 MiB (S3's minimum is 5 MiB; 10,000 parts make 78 GiB). */
  readonly partSize?: number;
  /** Parts in flight: two of 8 MiB, 16 MiB of the function's memory (more buys nothing measurable: the bench). */
  readonly queueSize?: number;
  /** How often progress is written, at most. */
  readonly progressIntervalMs?: number;
  readonly log?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export interface ReviewPackJobClients {
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
}

export class ReviewPackJob {
  private readonly packs: ReviewPackRepository;
  private readonly communities: CommunityRepository;
  private readonly evidence: EvidenceRepository;
  private readonly assessments: AssessmentRepository;
  private readonly sheets: SheetRepository;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly progressIntervalMs: number;
  private readonly log: Pick<Console, 'info' | 'warn' | 'error'>;

  constructor(
    config: Pick<StorageConfig, 'tableName' | 'evidenceBucket'>,
    private readonly clients: ReviewPackJobClients,
    options: ReviewPackJobOptions = {},
  ) {
    const table = { client: clients.documents, name: config.tableName };
    // A pack feeds no counter and no index: of the pipeline's contributors only the audit trail
    // has steps for it, and the job's role may write only those (and its own items).
    const pipeline = new WritePipeline(table, [new AuditTrail(table)]);
    this.packs = new ReviewPackRepository(table, pipeline);
    this.communities = new CommunityRepository(table, pipeline);
    this.evidence = new EvidenceRepository(table, pipeline);
    this.assessments = new AssessmentRepository(table, pipeline, this.communities);
    this.sheets = new SheetRepository(table, pipeline);
    this.bucket = config.evidenceBucket;
    this.partSize = options.partSize ?? 8 * MiB;
    this.queueSize = options.queueSize ?? 2;
    this.progressIntervalMs = options.progressIntervalMs ?? 1000;
    this.log = options.log ?? console;
  }

  private readonly bucket: string;

  /** Builds the pack `packId`; resolves with the pack as it ended (undefined when there is no such pack). */
  async run(packId: string): Promise<ReviewPack | undefined> {
    const pack = await this.packs.getConsistent(packId);
    if (!pack) {
      this.log.warn('review pack: no such pack', { packId });
      return undefined;
    }
    if (pack.status !== 'QUEUED') {
      this.log.info('review pack: not QUEUED, nothing to do (a replayed invocation)', { packId, status: pack.status });
      return pack;
    }
    const origin = systemOrigin('review-pack-job', packId);
    const startedAt = new Date();
    if (Date.parse(pack.leaseExpiresAt) < startedAt.getTime()) {
      return this.finish(pack, { status: 'FAILED', failureReason: `the job started after the pack's lease ran out (${pack.leaseExpiresAt}); request the pack again` }, origin);
    }
    const running: ReviewPack = { ...pack, status: 'RUNNING', startedAt: startedAt.toISOString(), version: pack.version + 1, updatedAt: startedAt.toISOString() };
    await this.packs.start(pack, running, origin);
    try {
      const built = await this.build(running);
      this.log.info('review pack: DONE', { packId, communityId: pack.communityId, files: built.files, bytes: built.bytes, ms: Date.now() - startedAt.getTime() });
      return await this.finish(running, { status: 'DONE', ...built }, origin);
    } catch (error) {
      const failureReason = reasonOf(error);
      this.log.error('review pack: FAILED', {
        packId,
        communityId: pack.communityId,
        kind: error instanceof ArchiveSourceError ? error.kind : error instanceof Error ? error.name : 'unknown',
        ...(error instanceof ArchiveSourceError ? { source: error.label } : {}),
      });
      return await this.finish(running, { status: 'FAILED', failureReason }, origin);
    }
  }

  /** DONE or FAILED, with the guard released if the pack holds it. */
  private async finish(previous: ReviewPack, outcome: Partial<ReviewPack> & Pick<ReviewPack, 'status'>, origin: ReturnType<typeof systemOrigin>): Promise<ReviewPack> {
    const now = new Date().toISOString();
    const next: ReviewPack = { ...previous, ...outcome, finishedAt: now, version: previous.version + 1, updatedAt: now };
    const holds = (await this.packs.guardHolder(previous.communityId)) === previous.id;
    try {
      await this.packs.finish(previous, next, holds, origin);
    } catch (error) {
      // Another pack took the guard between the read and the write (only after this one's lease): finish without it.
      if (!holds || !(error instanceof ConflictError) || (await this.packs.guardHolder(previous.communityId)) === previous.id) throw error;
      await this.packs.finish(previous, next, false, origin);
    }
    return next;
  }

  private async build(pack: ReviewPack): Promise<{ bytes: number; files: number }> {
    const [community] = await this.communities.getMany([pack.communityId]);
    if (!community) throw new Error(`community ${pack.communityId} no longer exists`);
    const available = ordered(await this.evidence.archiveOf(pack.communityId));
    const names = new UniqueNames();
    const files: PackedFile[] = available.map((evidence) => ({ evidence, path: names.take(evidence.element ? elementFolder(evidence.element) : UNASSIGNED_FOLDER, evidence.fileName) }));
    const totalBytes = files.reduce((total, file) => total + file.evidence.size, 0);
    await this.packs.recordProgress(pack.id, { files: 0, bytes: 0, totalFiles: files.length, totalBytes });

    const generatedAt = new Date();
    const selfAssessment = await this.latestSelfAssessment(pack.communityId);
    const index = await indexWorkbook({ community, generatedAt, files, ...(selfAssessment ? { selfAssessment } : {}) });

    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    const report = (progress: { files: number; bytes: number }, force = false) => {
      const now = Date.now();
      if (!force && now - last < this.progressIntervalMs) return;
      last = now;
      // One write at a time, in order; a failed progress write fails nothing.
      pending = pending.then(() => this.packs.recordProgress(pack.id, progress).catch((error: unknown) => this.log.warn('review pack: progress not written', { packId: pack.id, error: String(error) })));
    };
    const entries: ArchiveEntry[] = files.map(({ evidence, path }) => ({
      path,
      size: evidence.size,
      sha256: evidence.sha256,
      modifiedAt: new Date(evidence.availableAt ?? evidence.uploadedAt),
      label: `evidence ${evidence.id}`,
      fileName: evidence.fileName,
      open: () => this.open(evidence),
    }));
    const written = await writeArchive(
      { s3: this.clients.s3, bucket: this.bucket, key: pack.key, downloadName: pack.fileName, partSize: this.partSize, queueSize: this.queueSize },
      { buffers: [{ path: INDEX_FILE_NAME, bytes: index, modifiedAt: generatedAt }], directories: emptyFolders(files, generatedAt), entries },
      (progress) => report(progress),
    );
    report({ files: files.length, bytes: totalBytes }, true);
    await pending;
    return { bytes: written.bytes, files: files.length };
  }

  /** The checked version of the object (downloads are pinned to it too); the key alone where S3 gave none (s3rver). */
  private async open(evidence: Evidence): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.clients.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: evidence.key, ...(evidence.objectVersionId ? { VersionId: evidence.objectVersionId } : {}) }),
    );
    if (!response.Body) throw new Error(`GetObject of evidence ${evidence.id} returned no body`);
    return response.Body as AsyncIterable<Uint8Array>;
  }

  /** The newest SUBMITTED self-assessment, else the newest draft; with the sheet it was made on. */
  private async latestSelfAssessment(communityId: string): Promise<{ assessment: Assessment; sheet: ScoringSheet } | undefined> {
    const page = await this.assessments.page(communityId, { first: 10, kind: 'SELF' });
    const newest = page.items.map(({ node }) => node);
    const assessment = newest.find((candidate) => candidate.status === 'SUBMITTED') ?? newest[0];
    if (!assessment) return undefined;
    const sheet = bundledSheet(assessment.sheetId, assessment.sheetVersion) ?? (await this.sheets.get(assessment.sheetId, assessment.sheetVersion))?.sheet;
    return sheet ? { assessment, sheet } : undefined;
  }
}

export function createReviewPackJob(config: Pick<StorageConfig, 'tableName' | 'evidenceBucket'>, clients: ReviewPackJobClients, options?: ReviewPackJobOptions): ReviewPackJob {
  return new ReviewPackJob(config, clients, options);
}

/** The archive's files in the standard's order of elements, the unassigned last; oldest upload first within each. */
function ordered(evidence: readonly Evidence[]): Evidence[] {
  const rank = (item: Evidence) => (item.element ? AQT_ELEMENTS.indexOf(item.element) : AQT_ELEMENTS.length);
  return [...evidence].sort((a, b) => rank(a) - rank(b) || a.uploadedAt.localeCompare(b.uploadedAt) || a.id.localeCompare(b.id));
}

/** The element folders no file fills, in the standard's order: every element has its folder in the pack. */
function emptyFolders(files: readonly PackedFile[], modifiedAt: Date): { path: string; modifiedAt: Date }[] {
  const filled = new Set(files.map((file) => file.evidence.element));
  return AQT_ELEMENTS.filter((element) => !filled.has(element)).map((element) => ({ path: elementFolder(element), modifiedAt }));
}

/** What the requester reads: the source and what happened to it, and that nothing was published. */
function reasonOf(error: unknown): string {
  if (error instanceof ArchiveSourceError) {
    const what = error.kind === 'MISSING' ? 'is no longer in the bucket' : error.kind === 'CHANGED' ? 'does not match the file that was checked (size or SHA-256)' : 'could not be read to its end';
    return `${error.label}${error.fileName ? ` (${error.fileName})` : ''} ${what}; the upload was aborted and no pack was published`;
  }
  return 'the pack could not be built (an internal error); no pack was published';
}

