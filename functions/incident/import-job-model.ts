import { EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX } from '#core/db/keys.ts';
import type { Role } from '#core/auth/principal.ts';

/**
 * An incident import job: a file a browser uploaded (a presigned POST, as for evidence) imported
 * by a job of its own through the same validation and write path as `npm run import`
 * (import-run.ts). The record says where the job is; its counts live beside it in a progress item
 * written after every batch.
 *
 *   QUEUED → RUNNING → DONE | FAILED
 *
 * QUEUED: waiting for the file (the upload's ObjectCreated starts the job). A job is unique per
 * community and file (its SHA-256, a guard item): requesting the same file again returns the same
 * job, so nothing is imported twice. A job that FAILED, or whose RUNNING run stopped writing
 * progress for IMPORT_STALE_MS (its Lambda died), runs again on the next delivery of its file, and
 * ends with the counts one run would have given (the importer names its calls `import:<jobId>`,
 * and rows its own earlier run stored count as created).
 */
export const IMPORT_JOB_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

export interface IncidentImportJob {
  readonly id: string;
  readonly communityId: string;
  /** The community's region when requested (where its audit entries are found). */
  readonly regionCode: string;
  readonly status: ImportJobStatus;
  /** The name the browser gave: shown back, never used to decide what the file is. */
  readonly fileName: string;
  readonly size: number;
  /** Hex SHA-256 the browser declared; the job refuses a file whose bytes hash otherwise. */
  readonly sha256: string;
  /** imports/<communityId>/<jobId>. */
  readonly key: string;
  /** Whose import it is: the rows are written on their behalf, into this community only. */
  readonly requestedBy: string;
  readonly requestedRole: Role;
  readonly requestedAt: string;
  readonly uploadExpiresAt: string;
  /** How many times a run started (a re-run after a death or a failure adds one). */
  readonly runs: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** What the file was read as: UTF_8, UTF_8_BOM, GB18030 (CSV) or XLSX. */
  readonly encoding?: string;
  /** DONE: the rejected rows' workbook under exports/, when a row was rejected. */
  readonly rejectedKey?: string;
  /** FAILED: why, for the person who sent the file (a line of it, a size that differs). */
  readonly error?: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** What the job has done so far: after every batch. */
export interface ImportJobProgress {
  readonly processed: number;
  readonly total?: number;
  readonly created: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly encoding?: string;
  /** When it was written: a RUNNING job whose progress is older than IMPORT_STALE_MS is taken for dead. */
  readonly at?: string;
}

/** The largest file a browser may send: some 100,000 rows of CSV. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
/** How long the upload form works. */
export const IMPORT_UPLOAD_SECONDS = 900;
/**
 * A RUNNING job that wrote no progress for this long died (a batch takes seconds): the next delivery
 * of its file runs it again. Shorter than the 3 minutes after which Lambda retries an event the second
 * time, so a job whose function timed out or crashed is resumed by Lambda itself.
 */
export const IMPORT_STALE_MS = 2 * 60_000;
/** How long the rejected rows' workbook stays (the bucket's lifecycle rule on exports/): no link after. */
export const IMPORT_REJECTED_RETENTION_MS = 24 * 3600_000;
/** How long a rejected-rows link works. */
export const IMPORT_LINK_SECONDS = 300;

export const importObjectKey = (communityId: string, jobId: string): string => `${IMPORT_OBJECT_PREFIX}${communityId}/${jobId}`;

/** The job an uploaded object's key names, or undefined when the key is no import upload. */
export function parseImportObjectKey(key: string): { readonly communityId: string; readonly jobId: string } | undefined {
  const match = /^imports\/([^/]+)\/([^/]+)$/.exec(key);
  return match ? { communityId: match[1] as string, jobId: match[2] as string } : undefined;
}

export const rejectedRowsKey = (jobId: string): string => `${EXPORT_OBJECT_PREFIX}import-${jobId}/rejected-rows.xlsx`;

/** `登记簿-未导入的行.xlsx`: the upload's own name, then what the file holds. */
export function rejectedRowsFileName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '').replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim() || 'import';
  return `${stem}-未导入的行.xlsx`;
}

/** The content type the upload form fixes: the name's, when it is one of the two (the job reads the bytes, whatever it says). */
export function uploadContentType(fileName: string): string {
  if (/\.xlsx$/i.test(fileName)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.(csv|txt)$/i.test(fileName)) return 'text/csv';
  return 'application/octet-stream';
}

/** Whether a run may start now: QUEUED or FAILED, or RUNNING without progress for IMPORT_STALE_MS. */
export function runnable(job: IncidentImportJob, progress: ImportJobProgress | undefined, now: Date): boolean {
  if (job.status === 'QUEUED' || job.status === 'FAILED') return true;
  if (job.status !== 'RUNNING') return false;
  const last = Date.parse(progress?.at ?? job.startedAt ?? job.updatedAt);
  return now.getTime() - last > IMPORT_STALE_MS;
}
