import DataLoader from 'dataloader';
import type { CommunityService } from '#community/service.ts';
import { authorizeIncidentImport, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import { newId, parseId } from '#core/ids.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { EvidenceSigner } from '#evidence/storage.ts';
import {
  IMPORT_REJECTED_RETENTION_MS,
  IMPORT_UPLOAD_SECONDS,
  type ImportJobProgress,
  type ImportJobStatus,
  type IncidentImportJob,
  importObjectKey,
  MAX_IMPORT_FILE_BYTES,
  rejectedRowsFileName,
  runnable,
  uploadContentType,
} from './import-job-model.ts';
import { FileAlreadySent, type ImportJobRepository } from './import-job-repository.ts';
import type { ImportJobLinks } from './import-job-storage.ts';

/** A job as the API shows it (the GraphQL IncidentImportJob). */
export interface ImportJobView {
  readonly id: string;
  readonly communityId: string;
  readonly status: ImportJobStatus;
  readonly fileName: string;
  readonly encoding: string | null;
  readonly processed: number;
  readonly total: number | null;
  readonly created: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rejectedRowsUrl: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ImportRequestView {
  readonly job: ImportJobView;
  /** Where to send the file; null when the job has its file already (RUNNING or DONE): nothing to send. */
  readonly upload: { readonly url: string; readonly fields: { readonly name: string; readonly value: string }[]; readonly expiresAt: string } | null;
}

const SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Incident imports from a browser, for one request. The policy decides first
 * (authorizeIncidentImport: the community's editors and admins), then the job QUEUED and the
 * file's guard in one transaction, and a presigned POST for the file under imports/ (exactly the
 * declared size; the job checks the SHA-256). The same file sent again to the same community
 * returns the same job: with a fresh form while it still waits for its file (or FAILED and may
 * run again), without one once it has it. Nothing here reads the file: the GraphQL function only
 * signs; the job function parses (import-job.ts).
 */
export class ImportJobService {
  constructor(
    private readonly repository: ImportJobRepository,
    private readonly signer: EvidenceSigner,
    private readonly links: ImportJobLinks,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Jobs read by id together (`nodes`): 50 jobs, each record and gauge, per BatchGetItem.
    this.byId = new DataLoader((ids) => repository.getMany(ids), { maxBatchSize: 50 });
  }

  private readonly byId: DataLoader<string, { job: IncidentImportJob; progress: ImportJobProgress | undefined } | undefined>;

  async request(args: { communityId: unknown; fileName: unknown; size: unknown; sha256: unknown }): Promise<ImportRequestView> {
    const caller = requirePrincipal(this.principal);
    const communityId = parseId(args.communityId, 'communityId');
    const fileName = typeof args.fileName === 'string' ? args.fileName.trim() : '';
    if (fileName === '' || fileName.length > 255 || /[/\\\p{Cc}]/u.test(fileName)) {
      throw BadUserInputError.field('fileName', 'must be 1 to 255 characters, without control characters, / or \\');
    }
    if (typeof args.size !== 'number' || !Number.isInteger(args.size) || args.size < 1 || args.size > MAX_IMPORT_FILE_BYTES) {
      throw BadUserInputError.field('size', `must be the file's size in bytes, 1 to ${MAX_IMPORT_FILE_BYTES} (20 MiB); a larger register goes through npm run import`);
    }
    if (typeof args.sha256 !== 'string' || !SHA256.test(args.sha256)) throw BadUserInputError.field('sha256', 'must be the hex SHA-256 of the file (64 hex digits)');
    const size = args.size;
    const sha256 = args.sha256.toLowerCase();
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeIncidentImport(caller, community);

    const existing = await this.repository.jobOfFile(communityId, sha256);
    if (existing) return this.answer(await this.existing(existing));
    const now = this.now();
    const id = newId('importJob');
    const job: IncidentImportJob = {
      id,
      communityId,
      regionCode: community.regionCode,
      status: 'QUEUED',
      fileName,
      size,
      sha256,
      key: importObjectKey(communityId, id),
      requestedBy: caller.subject,
      requestedRole: caller.role,
      requestedAt: now.toISOString(),
      uploadExpiresAt: new Date(now.getTime() + IMPORT_UPLOAD_SECONDS * 1000).toISOString(),
      runs: 0,
      version: 1,
      updatedAt: now.toISOString(),
    };
    try {
      await this.repository.request(job, this.origin);
    } catch (error) {
      // The same file twice at once: the other request's job is the answer to both.
      if (!(error instanceof FileAlreadySent)) throw error;
      const winner = await this.repository.jobOfFile(communityId, sha256);
      if (!winner) throw error;
      return this.answer(await this.existing(winner));
    }
    return this.answer({ job, progress: undefined });
  }

  async get(rawId: unknown): Promise<ImportJobView> {
    const caller = requirePrincipal(this.principal);
    const id = parseId(rawId, 'id');
    const found = await this.byId.load(id);
    const community = found && (await this.communities.find(found.job.communityId));
    if (!found || !community) throw new NotFoundError('import job', id);
    authorizeIncidentImport(caller, community, { label: 'import job', id });
    return this.view(found.job, found.progress);
  }

  private async existing(id: string): Promise<{ job: IncidentImportJob; progress: ImportJobProgress | undefined }> {
    const found = await this.repository.get(id);
    if (!found) throw new Error(`the file guard names import job ${id}, which does not exist`);
    return found;
  }

  private async answer({ job, progress }: { job: IncidentImportJob; progress: ImportJobProgress | undefined }): Promise<ImportRequestView> {
    // Waiting for its file, FAILED, or a run that died: a form to send the file (again) runs it.
    if (!runnable(job, progress, this.now())) return { job: await this.view(job, progress), upload: null };
    const form = await this.signer.presignUpload({ key: job.key, contentType: uploadContentType(job.fileName), size: job.size, expiresInSeconds: IMPORT_UPLOAD_SECONDS });
    const expiresAt = new Date(this.now().getTime() + IMPORT_UPLOAD_SECONDS * 1000).toISOString();
    return { job: await this.view(job, progress), upload: { url: form.url, fields: [...form.fields], expiresAt } };
  }

  private async view(job: IncidentImportJob, progress: ImportJobProgress | undefined): Promise<ImportJobView> {
    return {
      id: job.id,
      communityId: job.communityId,
      status: job.status,
      fileName: job.fileName,
      encoding: job.encoding ?? progress?.encoding ?? null,
      processed: progress?.processed ?? 0,
      total: progress?.total ?? null,
      created: progress?.created ?? 0,
      duplicates: progress?.duplicates ?? 0,
      rejected: progress?.rejected ?? 0,
      rejectedRowsUrl: job.status === 'DONE' && job.rejectedKey && Date.parse(job.finishedAt ?? job.updatedAt) + IMPORT_REJECTED_RETENTION_MS > this.now().getTime() ? await this.links.sign(job.rejectedKey, rejectedRowsFileName(job.fileName)) : null,
      error: job.status === 'FAILED' ? (job.error ?? null) : null,
      createdAt: job.requestedAt,
      updatedAt: progress?.at && progress.at > job.updatedAt ? progress.at : job.updatedAt,
    };
  }
}
