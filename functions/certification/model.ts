import * as z from 'zod';
import type { ChainPosition } from '#core/auth/policy.ts';
import { line, pastDate, plannedDate, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import type { ChainPhase, ChainStep } from './chain.ts';

/**
 * Certifications (评定 / 验收 / 命名): an application at a level, its on-site review (现场评审),
 * the decision and, when designated, the certificate and the re-review (复评) it is due for.
 */
export const CERTIFICATION_LEVELS = ['CITY', 'NATIONAL', 'INTERNATIONAL'] as const;
export type CertificationLevel = (typeof CERTIFICATION_LEVELS)[number];

export const CERTIFICATION_DECISIONS = ['PENDING', 'DESIGNATED', 'RECTIFICATION', 'REJECTED', 'WITHDRAWN'] as const;
export type CertificationDecision = (typeof CERTIFICATION_DECISIONS)[number];

/** The national on-site sheet scores 150; city sheets commonly 100. */
export const DEFAULT_MAX_SCORE: Readonly<Record<CertificationLevel, number>> = { CITY: 100, NATIONAL: 150, INTERNATIONAL: 100 };

/** Review sheets score 100 or 150; no sheet goes beyond this. */
export const MAX_SCORE = 1000;

export const applyForCertificationInputSchema = z.object({
  communityId: recordId,
  level: z.enum(CERTIFICATION_LEVELS),
  standardVersion: line(50).default('AQ/T 9001-2006'),
  appliedOn: pastDate,
  /** A re-review (复评) of an existing designation rather than a first application. */
  reReview: z.boolean().default(false),
  /** The submitted self-assessment the application rests on: required for CITY and NATIONAL. */
  selfAssessmentId: recordId.optional(),
  /** A word to the county (or ISCCC) with the application. */
  comment: prose(2000).optional(),
});
export type ApplyForCertificationInput = z.input<typeof applyForCertificationInputSchema>;

export const recordCertificationReviewInputSchema = z
  .object({
    id: recordId,
    version: versionNumber,
    onSiteReviewOn: pastDate,
    /** The composition of the expert group, by organisation: never personal names. */
    expertGroup: prose(500).optional(),
    findings: prose(8000).optional(),
    score: z.number().min(0, 'must not be negative').max(MAX_SCORE, `at most ${MAX_SCORE}`).optional(),
    maxScore: z.number().positive('must be positive').max(MAX_SCORE, `at most ${MAX_SCORE}`).optional(),
  })
  .superRefine((value, context) => {
    if (value.score !== undefined && value.maxScore !== undefined && value.score > value.maxScore) {
      context.addIssue({ code: 'custom', path: ['score'], message: 'must not exceed maxScore' });
    }
  });

/** A level of the chain endorses (推荐) the application it waits for, or returns it to the community. */
export const endorseCertificationInputSchema = z
  .object({
    id: recordId,
    version: versionNumber,
    action: z.enum(['ENDORSE', 'RETURN']),
    comment: prose(2000).optional(),
  })
  .superRefine((value, context) => {
    if (value.action === 'RETURN' && !value.comment) {
      context.addIssue({ code: 'custom', path: ['comment'], message: 'say what the community must amend: a return needs a comment' });
    }
  });

/** The community sends a returned application up the chain again, with an amended self-assessment if it made one. */
export const resubmitCertificationInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  selfAssessmentId: recordId.optional(),
  comment: prose(2000).optional(),
});

/** The review team's scores on the application's sheet (现场评审), saved as often as needed until the decision. */
export const scoreCertificationOnSiteInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  onSiteReviewOn: pastDate,
  /** The composition of the expert group, by organisation: never personal names. */
  expertGroup: prose(500).optional(),
  /** Parsed against the sheet by the assessment items parser (itemId, parts, note, finding). */
  items: z.array(z.unknown()).max(100, 'at most 100 items'),
  /**
   * The first save only: begin from the community's own grades (its submitted self-assessment),
   * so the review team changes what it finds different; `items` apply on top.
   */
  startFromSelfAssessment: z.boolean().default(false),
});

/** Rectification (限期整改) lasts three months unless the reviewer sets another deadline. */
export const DEFAULT_RECTIFICATION_MONTHS = 3;

export const decideCertificationInputSchema = z
  .object({
    id: recordId,
    version: versionNumber,
    decision: z.enum(['DESIGNATED', 'RECTIFICATION', 'REJECTED', 'WITHDRAWN']),
    decidedOn: pastDate,
    designatedOn: pastDate.optional(),
    certificateNumber: line(100).optional(),
    /** A certificate's validity lies ahead, within the planning horizon. */
    validUntil: plannedDate.optional(),
    /** RECTIFICATION only: the deadline of the rectification (default: three months after decidedOn). */
    rectifyBy: plannedDate.optional(),
    notes: prose(4000).optional(),
  })
  .superRefine((value, context) => {
    if (value.rectifyBy !== undefined && value.decision !== 'RECTIFICATION') {
      context.addIssue({ code: 'custom', path: ['rectifyBy'], message: 'only a RECTIFICATION has a deadline' });
    }
    if (value.rectifyBy !== undefined && value.rectifyBy <= value.decidedOn) {
      context.addIssue({ code: 'custom', path: ['rectifyBy'], message: 'must be after decidedOn' });
    }
    if (value.decision === 'DESIGNATED' && !value.designatedOn) {
      context.addIssue({ code: 'custom', path: ['designatedOn'], message: 'is required for a designation' });
    }
    if (value.decision !== 'DESIGNATED') {
      for (const field of ['designatedOn', 'certificateNumber', 'validUntil'] as const) {
        if (value[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: 'only a designation has it' });
      }
    }
    if (value.designatedOn && value.validUntil && value.validUntil <= value.designatedOn) {
      context.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after designatedOn' });
    }
  });

export interface Certification {
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in for analytics: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly level: CertificationLevel;
  readonly standardVersion: string;
  readonly appliedOn: string;
  readonly reReview: boolean;
  readonly onSiteReviewOn?: string;
  readonly expertGroup?: string;
  readonly findings?: string;
  readonly score?: number;
  readonly maxScore?: number;
  readonly decision: CertificationDecision;
  readonly decidedOn?: string;
  readonly designatedOn?: string;
  readonly certificateNumber?: string;
  readonly validUntil?: string;
  readonly notes?: string;
  /** The submitted self-assessment the application rests on (CITY, NATIONAL; optional for INTERNATIONAL). */
  readonly selfAssessmentId?: string;
  /** The review team's scores on the same sheet: `score` and `maxScore` are its total and the sheet's. */
  readonly onSiteAssessmentId?: string;
  /** Where the application stands (chain.ts); absent on records made before the chain, read by phaseOf. */
  readonly phase?: ChainPhase;
  /** The level (and region) it waits for: an endorsement, or the deciding level's review. */
  readonly waitingFor?: ChainPosition;
  /** When it began to wait there (the last step's time): queues list oldest first. */
  readonly waitingSince?: string;
  /** Every step of the chain, oldest first. */
  readonly chain?: readonly ChainStep[];
  /** RECTIFICATION: the deadline of the rectification. */
  readonly rectifyBy?: string;
  /** RECTIFICATION: the items that fell short at the review, the ones re-scored. */
  readonly rectifyItems?: readonly string[];
  /** A designation: which of the community's designations at this level it is (1 the first; absent on older records: 1). */
  readonly cycle?: number;
  /** A designation no longer standing: when, and why (a later designation at the level, or a failed re-review). */
  readonly endedOn?: string;
  readonly endReason?: 'REDESIGNATED' | 'LAPSED';
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
