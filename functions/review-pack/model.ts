import { EXPORT_OBJECT_PREFIX } from '#core/db/keys.ts';
import { AQT_ELEMENT_NAMES, AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';

/**
 * A review pack (评审资料包): one ZIP of a community's archive, built by a job of its own for the
 * reviewers of an on-site review. The record says where the job is; the archive itself lives in
 * the bucket under `exports/`, which the bucket's lifecycle rule empties after a day.
 *
 *   QUEUED → RUNNING → DONE | FAILED
 *
 * A community has at most one pack QUEUED or RUNNING at a time (a guard item, repository.ts); a
 * request while one is being built answers that one. A job that died without finishing (its
 * Lambda timed out) leaves its record RUNNING: past its lease it reads as FAILED and the guard
 * lets a new request through.
 */
export const REVIEW_PACK_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ReviewPackStatus = (typeof REVIEW_PACK_STATUSES)[number];

export interface ReviewPack {
  readonly id: string;
  readonly communityId: string;
  /** The community's region when the pack was requested (where its audit entries are found). */
  readonly regionCode: string;
  readonly status: ReviewPackStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /**
   * Until when the pack may be QUEUED or RUNNING: the guard's lease. Longer than the job
   * function's timeout plus the age an asynchronous invocation may reach before it runs.
   */
  readonly leaseExpiresAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** The ZIP's object key, `exports/<packId>/review-pack.zip` (ASCII; the Chinese name travels in Content-Disposition). */
  readonly key: string;
  /** What the download is offered as: `评审资料包-<community>-<date>.zip`. */
  readonly fileName: string;
  /** DONE: the archive's size in bytes, and the number of evidence files in it. */
  readonly bytes?: number;
  readonly files?: number;
  /** FAILED: what went wrong, for the people who requested it (it may name a file). */
  readonly failureReason?: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** What the job has written so far; totals once it has read the archive. */
export interface ReviewPackProgress {
  readonly files: number;
  readonly bytes: number;
  readonly totalFiles?: number;
  readonly totalBytes?: number;
  readonly at?: string;
}

/** How long a pack may stay QUEUED or RUNNING: the job function's 15-minute timeout, the 10 minutes an invocation may wait, and a margin. */
export const REVIEW_PACK_LEASE_MS = 30 * 60_000;

/** How long a download link works. */
export const REVIEW_PACK_URL_SECONDS = 300;

/** How long the archive stays in the bucket (the lifecycle rule on `exports/`, infra/constructs/evidence-store.ts). */
export const REVIEW_PACK_RETENTION_MS = 24 * 3600_000;

export const reviewPackKey = (packId: string): string => `${EXPORT_OBJECT_PREFIX}${packId}/review-pack.zip`;

/** `评审资料包-西城街道-2026-05-02.zip`: the community's name as it is, without characters a file system refuses. */
export function reviewPackFileName(communityName: string, chinaDate: string): string {
  const name = communityName.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim() || 'community';
  return `评审资料包-${name}-${chinaDate}.zip`;
}

/** The status as a caller reads it: a job past its lease that never finished is FAILED. */
export function effectiveStatus(pack: ReviewPack, now: Date): { readonly status: ReviewPackStatus; readonly failureReason?: string } {
  if ((pack.status === 'QUEUED' || pack.status === 'RUNNING') && Date.parse(pack.leaseExpiresAt) < now.getTime()) {
    return { status: 'FAILED', failureReason: `the job did not finish by ${pack.leaseExpiresAt}; request the pack again` };
  }
  return { status: pack.status, ...(pack.failureReason !== undefined ? { failureReason: pack.failureReason } : {}) };
}

/** The folder of an element in the pack, in the standard's order: `01 安全社区创建机构与职责/` … `12 评审与持续改进/`. */
export function elementFolder(element: AqtElement): string {
  const number = AQT_ELEMENTS.indexOf(element) + 1;
  return `${String(number).padStart(2, '0')} ${AQT_ELEMENT_NAMES[element]}/`;
}

/** Evidence no element was given for. */
export const UNASSIGNED_FOLDER = '13 未归类材料/';

/** The index workbook, first in the pack. */
export const INDEX_FILE_NAME = '00 评审资料索引.xlsx';

/**
 * Names unique within each folder, as uploaded wherever they can be: a second `签到表.pdf` in a
 * folder becomes `签到表 (2).pdf`, a third `签到表 (3).pdf` (case-insensitively, as Windows compares).
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(folder: string, fileName: string): string {
    const dot = fileName.lastIndexOf('.');
    const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
    const extension = dot > 0 ? fileName.slice(dot) : '';
    for (let n = 1; ; n += 1) {
      const candidate = `${folder}${n === 1 ? fileName : `${stem} (${n})${extension}`}`;
      const folded = candidate.toLowerCase();
      if (!this.taken.has(folded)) {
        this.taken.add(folded);
        return candidate;
      }
    }
  }
}
