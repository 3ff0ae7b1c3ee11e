import * as z from 'zod';
import { chinaToday, pastDate, plannedDate, prose, recordId, versionNumber } from '#core/taxonomy.ts';
import { DANGER_SEVERITIES, type DangerSeverity, type DangerState, deadlineIssue } from './danger-lifecycle.ts';
import { type ResponsibleUnit, responsibleUnitSchema } from './model.ts';
import { newId } from '#core/ids.ts';

/**
 * A hidden danger (隐患) of a community (issue 12, "Records"): what is wrong, the unit that must
 * fix it and by when (限期整改), and its state as danger-lifecycle.ts moves it. It may name the
 * supervised unit or hazard source it was found at, and the inspection that found it (an opaque
 * reference until inspections record their dangers themselves).
 */
export const DANGER_SUBJECT_TYPES = ['SUPERVISED_UNIT', 'HAZARD_SOURCE'] as const;
export type DangerSubjectType = (typeof DANGER_SUBJECT_TYPES)[number];

export const dangerSubjectSchema = z.object({ type: z.enum(DANGER_SUBJECT_TYPES), id: recordId });

export const createHiddenDangerInputSchema = z
  .object({
    communityId: recordId,
    subject: dangerSubjectSchema.optional(),
    inspectionId: recordId.optional(),
    severity: z.enum(DANGER_SEVERITIES),
    description: prose(2000),
    responsibleUnit: responsibleUnitSchema,
    /** The day it was found (China); today when not given. */
    foundOn: pastDate.optional(),
    deadline: plannedDate,
  })
  .superRefine((input, context) => {
    const foundOn = input.foundOn ?? chinaToday();
    const issue = deadlineIssue(foundOn, input.deadline);
    if (issue) context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
export type CreateHiddenDangerInput = z.input<typeof createHiddenDangerInputSchema>;

export const dangerMoveInputSchema = z.object({
  id: recordId,
  version: versionNumber,
});

export const reportRectifiedInputSchema = dangerMoveInputSchema.extend({
  photoEvidenceIds: z.array(recordId).max(20, 'at most 20 photos').default([]),
  note: prose(1000).optional(),
});

export const rejectVerificationInputSchema = dangerMoveInputSchema.extend({
  reason: prose(1000).optional(),
});

export interface DangerSubject {
  readonly type: DangerSubjectType;
  readonly id: string;
}

export interface HiddenDanger {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode?: string;
  readonly subject?: DangerSubject;
  readonly inspectionId?: string;
  /** The resident's report it was triaged from (群众举报), when it came from one. */
  readonly reportId?: string;
  readonly severity: DangerSeverity;
  readonly description: string;
  readonly responsibleUnit: ResponsibleUnit;
  readonly foundOn: string;
  readonly deadline: string;
  readonly state: DangerState;
  /** The photos after (evidence ids), from the last reported rectification. */
  readonly photoEvidenceIds: readonly string[];
  readonly rectificationNote?: string;
  /** Who reported the rectification (subject), so another verifies it (four eyes). */
  readonly rectifiedBy?: string;
  readonly rectifiedAt?: string;
  readonly verifiedBy?: string;
  readonly verifiedAt?: string;
  /** What the last failed verification found still wrong. */
  readonly rejectionReason?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a new danger is made of once its input is parsed: where it was found, and what found it. */
export type NewHiddenDanger = Omit<z.output<typeof createHiddenDangerInputSchema>, 'communityId' | 'inspectionId'>;

/**
 * A new hidden danger, OPEN, of `community` (stamped with its region, as every counted record),
 * from a parsed input and what found it: an inspection or a resident's report. The one way a
 * danger is made, by its own mutation, in an inspection's transaction, or in a report's triage.
 */
export function newHiddenDanger(
  input: NewHiddenDanger,
  community: { readonly id: string; readonly regionCode: string },
  foundBy: { readonly inspectionId?: string; readonly reportId?: string } = {},
  now: string = new Date().toISOString(),
): HiddenDanger {
  const { foundOn, ...rest } = input;
  return {
    id: newId('hiddenDanger'),
    ...rest,
    communityId: community.id,
    ...(foundBy.inspectionId ? { inspectionId: foundBy.inspectionId } : {}),
    ...(foundBy.reportId ? { reportId: foundBy.reportId } : {}),
    regionCode: community.regionCode,
    foundOn: foundOn ?? chinaToday(),
    state: 'OPEN',
    photoEvidenceIds: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
