import * as z from 'zod';
import { line, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import { NODE_KINDS } from '#core/ids.ts';

/**
 * Evidence (证明材料): a file attached to a community or one of its records, and the archive
 * (创建档案) reviewers open before an on-site review. The bytes live in the evidence bucket under a
 * key the server chooses; this record says what was declared and what the processor found.
 */

/** The twelve elements of AQ/T 9001 (安全社区建设基本要求), in the standard's order; their names: AQT_ELEMENT_NAMES. */
export const AQT_ELEMENTS = [
  'ORGANISATION', // 1
  'COMMUNICATION_AND_PARTICIPATION', // 2
  'RISK_ASSESSMENT', // 3
  'GOALS_AND_PLANS', // 4
  'PROMOTION_PROJECTS', // 5
  'EDUCATION_AND_TRAINING', // 6
  'EMERGENCY_RESPONSE', // 7
  'MONITORING', // 8
  'INJURY_RECORDS', // 9
  'ARCHIVES', // 10
  'CORRECTIVE_ACTIONS', // 11
  'REVIEW_AND_IMPROVEMENT', // 12
] as const;
export type AqtElement = (typeof AQT_ELEMENTS)[number];

/** The twelve elements of AQ/T 9001-2006, as the standard names them (suggestion reasons, the review export). */
export const AQT_ELEMENT_NAMES: Readonly<Record<AqtElement, string>> = {
  ORGANISATION: '安全社区创建机构与职责',
  COMMUNICATION_AND_PARTICIPATION: '信息交流和全员参与',
  RISK_ASSESSMENT: '事故与伤害风险辨识及其评价',
  GOALS_AND_PLANS: '事故与伤害预防目标及计划',
  PROMOTION_PROJECTS: '安全促进项目',
  EDUCATION_AND_TRAINING: '宣传教育与培训',
  EMERGENCY_RESPONSE: '应急预案和响应',
  MONITORING: '监测与监督',
  INJURY_RECORDS: '事故与伤害记录',
  ARCHIVES: '安全社区创建档案',
  CORRECTIVE_ACTIONS: '预防与纠正措施',
  REVIEW_AND_IMPROVEMENT: '评审与持续改进',
};

/** What evidence hangs off. COMMITTEE evidence is the community's promotion committee's: its owner id is the community's. */
export const EVIDENCE_OWNER_TYPES = ['COMMUNITY', 'COMMITTEE', 'PROJECT', 'INTERVENTION', 'INCIDENT', 'ACTIVITY', 'CERTIFICATION', 'GRID_CELL', 'HAZARD_SOURCE', 'SUPERVISED_UNIT', 'INSPECTION', 'HIDDEN_DANGER', 'RESIDENT_REPORT'] as const;
export type EvidenceOwnerType = (typeof EVIDENCE_OWNER_TYPES)[number];

export const EVIDENCE_STATUSES = ['PENDING_UPLOAD', 'AVAILABLE', 'REJECTED', 'WITHDRAWN', 'EXPIRED'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

const MiB = 1024 * 1024;

/** The file kinds an archive holds, recognised by their own bytes (magic.ts). */
export const FILE_KINDS = ['PDF', 'JPEG', 'PNG', 'WEBP', 'DOCX', 'XLSX', 'MP4'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface AllowedType {
  readonly kind: FileKind;
  readonly contentType: string;
  /** Largest accepted size in bytes. */
  readonly maxSize: number;
}

/** Documents and images up to 25 MB; video up to 500 MB (MB = MiB, as file managers count). */
export const ALLOWED_TYPES: readonly AllowedType[] = [
  { kind: 'PDF', contentType: 'application/pdf', maxSize: 25 * MiB },
  { kind: 'JPEG', contentType: 'image/jpeg', maxSize: 25 * MiB },
  { kind: 'PNG', contentType: 'image/png', maxSize: 25 * MiB },
  { kind: 'WEBP', contentType: 'image/webp', maxSize: 25 * MiB },
  { kind: 'DOCX', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', maxSize: 25 * MiB },
  { kind: 'XLSX', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', maxSize: 25 * MiB },
  { kind: 'MP4', contentType: 'video/mp4', maxSize: 500 * MiB },
];

/** The largest file of any type. */
export const MAX_EVIDENCE_SIZE = Math.max(...ALLOWED_TYPES.map((type) => type.maxSize));

export function allowedType(contentType: string): AllowedType | undefined {
  return ALLOWED_TYPES.find((type) => type.contentType === contentType);
}

/** How long a presigned POST accepts the upload. */
export const UPLOAD_WINDOW_SECONDS = 15 * 60;
/** How long a presigned download URL works (at most five minutes). */
export const DOWNLOAD_URL_SECONDS = 300;

/**
 * S3 checks a POST policy's expiry when the request arrives, but an object is stored when its last
 * byte is: a large file started just before expiry lands after it. The processor (which is what
 * enforces expiry against s3rver, which checks no POST policy) allows the time the declared size
 * takes at a slow 256 KiB/s uplink, and at least two minutes.
 */
export function lateArrivalAllowanceMs(size: number): number {
  return Math.max(120_000, Math.ceil(size / (256 * 1024)) * 1000);
}

/** The key prefix of every evidence object; nothing else in the bucket is evidence. */
export const EVIDENCE_KEY_PREFIX = 'evidence/';

/** `evidence/<communityId>/<evidenceId>`: unguessable (random UUIDs), the file name never in it, used once. */
export function evidenceKey(communityId: string, evidenceId: string): string {
  return `${EVIDENCE_KEY_PREFIX}${communityId}/${evidenceId}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Ids are tagged UUIDs (`com_…`, `evd_…`, core/ids.ts); records from before tags keep bare ones. */
const KEY_PATTERN = new RegExp(`^${EVIDENCE_KEY_PREFIX}((?:${NODE_KINDS.community.tag}_)?${UUID})/((?:${NODE_KINDS.evidence.tag}_)?${UUID})$`);

/** The ids in an evidence key, or undefined for any other key. */
export function parseEvidenceKey(key: string): { readonly communityId: string; readonly evidenceId: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match?.[1] && match[2] ? { communityId: match[1], evidenceId: match[2] } : undefined;
}

export interface Evidence {
  readonly id: string;
  readonly communityId: string;
  /** The community's region when the evidence was requested (where its audit entries are found). */
  readonly regionCode?: string;
  readonly ownerType: EvidenceOwnerType;
  /** The record's id; the community's for COMMUNITY and COMMITTEE. */
  readonly ownerId: string;
  /** The object key, chosen by the server: `evidence/<communityId>/<id>`. */
  readonly key: string;
  /** As uploaded, Chinese kept; shown and offered as the download's name, never part of the key. */
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  /** Lower-case hex SHA-256 the uploader declared. */
  readonly sha256: string;
  readonly element?: AqtElement;
  readonly status: EvidenceStatus;
  readonly uploadedBy: string;
  /** When the upload was requested (the record's creation); the sort position in listings. */
  readonly uploadedAt: string;
  /** The presigned POST's expiry. */
  readonly uploadExpiresAt: string;
  readonly availableAt?: string;
  /** The S3 version the processor checked; downloads are pinned to it. Absent where S3 gives none (s3rver). */
  readonly objectVersionId?: string;
  readonly objectETag?: string;
  readonly rejectedAt?: string;
  readonly rejectionReason?: string;
  /** When a rejected object was taken out of reach (its current version deleted). */
  readonly objectRemovedAt?: string;
  readonly withdrawnAt?: string;
  readonly withdrawnBy?: string;
  readonly withdrawalReason?: string;
  /** EXPIRED: when the reminders job found the upload never arrived (its URL expired, with the late-arrival allowance). */
  readonly expiredAt?: string;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * The shared single-line text rule (no control characters, no direction overrides: no
 * `report\u202Efdp.exe` shown as `reportexe.pdf`), and no path separators: the name is shown and
 * offered for download, never used as a path.
 */
const fileName = line(255).refine((name) => !/[/\\]/.test(name), 'must not contain / or \\');

export const requestEvidenceUploadInputSchema = z
  .object({
    ownerType: z.enum(EVIDENCE_OWNER_TYPES),
    ownerId: recordId,
    fileName,
    contentType: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => allowedType(value) !== undefined, {
        message: `must be one of ${ALLOWED_TYPES.map((type) => type.contentType).join(', ')}`,
      }),
    size: z
      .number()
      .int('must be a whole number of bytes')
      .positive('must be at least 1 byte')
      .max(MAX_EVIDENCE_SIZE, `must be at most ${MAX_EVIDENCE_SIZE / MiB} MB`),
    sha256: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the file\'s SHA-256 as 64 hexadecimal digits')
      .transform((hex) => hex.toLowerCase()),
    element: z.enum(AQT_ELEMENTS).optional(),
  })
  .superRefine((input, context) => {
    const type = allowedType(input.contentType);
    if (type && input.size > type.maxSize) {
      context.addIssue({
        code: 'custom',
        path: ['size'],
        message: `must be at most ${type.maxSize / MiB} MB (${type.maxSize} bytes) for ${type.kind}`,
      });
    }
  });
export type RequestEvidenceUploadInput = z.output<typeof requestEvidenceUploadInputSchema>;

export const withdrawEvidenceInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  reason: prose(500),
});
