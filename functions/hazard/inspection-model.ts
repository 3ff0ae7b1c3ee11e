import * as z from 'zod';
import { pastDate, plannedDate, prose, recordId } from '#core/taxonomy.ts';
import { CHECK_OUTCOMES, type CheckOutcome } from './checklist.ts';
import { DANGER_SEVERITIES, deadlineIssue } from './danger-lifecycle.ts';
import type { InspectionFrequency, InspectionStatus } from './frequency.ts';
import { type ResponsibleUnit, responsibleUnitSchema } from './model.ts';

/**
 * An inspection (巡查、检查、排查) of a supervised unit or a hazard source (issue 12, "Records"):
 * held by the responsible unit (an organisation and post, never a person) on a China calendar day
 * not in the future, on the bundled checklist of the subject's kind (checklist.ts; its kind and
 * version are kept on the record, so a later checklist version never re-reads old answers), each
 * item PASS / FAIL / NOT_APPLICABLE as `resultIssues` allows, with an optional note.
 *
 * A subject whose kind has no bundled checklist (OTHER, a manhole, a water body, …) is inspected
 * without items: the inspection records the day, the inspector and its note, and `results` must
 * be empty (results given are BAD_USER_INPUT on `input.results`, since there is nothing to check
 * them against). Either way the inspection moves the subject's next due day.
 */
export const INSPECTION_SUBJECT_TYPES = ['SUPERVISED_UNIT', 'HAZARD_SOURCE'] as const;
export type InspectionSubjectType = (typeof INSPECTION_SUBJECT_TYPES)[number];

export const checkResultInputSchema = z.object({
  itemId: z.string().trim().min(1, 'must not be empty').max(40, 'at most 40 characters'),
  outcome: z.enum(CHECK_OUTCOMES),
  note: prose(1000).optional(),
});

/** A hidden danger the inspection found: at the inspection's subject, found on the day it was held. */
export const inspectionDangerInputSchema = z.object({
  severity: z.enum(DANGER_SEVERITIES),
  description: prose(2000),
  /** The unit that must fix it; the subject's responsible unit when not given. */
  responsibleUnit: responsibleUnitSchema.optional(),
  deadline: plannedDate,
});

/** At most this many hidden dangers are recorded with one inspection (its one transaction stays small). */
export const MAX_DANGERS_PER_INSPECTION = 10;

export const recordInspectionInputSchema = z
  .object({
    subjectType: z.enum(INSPECTION_SUBJECT_TYPES),
    subjectId: recordId,
    /** The day (China) it was held: not in the future. */
    heldOn: pastDate,
    inspector: responsibleUnitSchema,
    results: z.array(checkResultInputSchema).max(60, 'at most 60 results').default([]),
    note: prose(2000).optional(),
    dangers: z.array(inspectionDangerInputSchema).max(MAX_DANGERS_PER_INSPECTION, `at most ${MAX_DANGERS_PER_INSPECTION} hidden dangers per inspection`).default([]),
  })
  .superRefine((input, context) => {
    // Each danger's deadline counts from the day the inspection found it (限期整改).
    input.dangers.forEach((danger, index) => {
      const issue = deadlineIssue(input.heldOn, danger.deadline);
      if (issue) context.addIssue({ code: 'custom', path: ['dangers', index, issue.field], message: issue.message });
    });
  });
export type RecordInspectionInput = z.input<typeof recordInspectionInputSchema>;
export type ParsedInspectionInput = z.output<typeof recordInspectionInputSchema>;

export interface InspectionCheckResult {
  readonly itemId: string;
  readonly outcome: CheckOutcome;
  readonly note?: string;
}

export interface Inspection {
  readonly id: string;
  readonly communityId: string;
  readonly regionCode?: string;
  readonly subjectType: InspectionSubjectType;
  readonly subjectId: string;
  readonly heldOn: string;
  readonly inspector: ResponsibleUnit;
  /** The checklist answered (`RESTAURANT`, version 1); absent for a subject kind without one. */
  readonly checklistKind?: string;
  readonly checklistVersion?: number;
  readonly results: readonly InspectionCheckResult[];
  readonly failedCount: number;
  readonly note?: string;
  /**
   * The subject's due day when it was held (inspection-schedule.ts), and whether it settled that
   * due: held on or before it, and the day not already counted missed by the daily job. Absent on
   * inspections recorded before the schedule, and on one older than the subject's last (entered
   * late): those count as held only.
   */
  readonly dueOn?: string;
  readonly onSchedule?: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * A subject's last inspection, an item beside the subject's record (not a record of its own:
 * written in the inspection's transaction, under the value read, so two inspections of one
 * subject recorded at once are one CONFLICT, never a lost later day).
 */
export interface LastInspection {
  readonly subjectId: string;
  readonly lastInspectedOn: string;
  readonly inspectionId: string;
}

/** What `inspectionsDue` lists: a subject, when it is due and where it stands on the day asked. */
export interface InspectionDueEntry {
  readonly subjectType: InspectionSubjectType;
  readonly subjectId: string;
  readonly communityId: string;
  readonly dueOn: string;
  readonly status: InspectionStatus;
  readonly daysOverdue: number;
  readonly frequency: InspectionFrequency;
  readonly lastInspectedOn: string | null;
}

/** The day `inspectionsDue` looks at: a past or planned day (a week ahead, to plan the rounds). */
export const inspectionsDueArgsSchema = z.object({ on: plannedDate.optional() });

/**
 * A new inspection record from its parsed input (answers checked against the checklist by the
 * caller), the checklist it was answered on and what it did to the due day: the one way an
 * inspection is made, by recordInspection and by the demo load.
 */
export function newInspection(
  input: Pick<ParsedInspectionInput, 'subjectType' | 'subjectId' | 'heldOn' | 'inspector' | 'results' | 'note'>,
  community: { readonly id: string; readonly regionCode: string },
  checklist: { readonly kind: string; readonly version: number } | undefined,
  settled: { readonly dueOn: string; readonly onSchedule: boolean } | undefined,
  record: { readonly id: string; readonly version: number; readonly createdAt: string; readonly updatedAt: string },
): Inspection {
  return {
    ...record,
    communityId: community.id,
    regionCode: community.regionCode,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    heldOn: input.heldOn,
    inspector: input.inspector,
    ...(checklist ? { checklistKind: checklist.kind, checklistVersion: checklist.version } : {}),
    results: input.results.map((result) => ({ itemId: result.itemId, outcome: result.outcome, ...(result.note ? { note: result.note } : {}) })),
    failedCount: input.results.filter((result) => result.outcome === 'FAIL').length,
    ...(input.note ? { note: input.note } : {}),
    ...(settled ? { dueOn: settled.dueOn, onSchedule: settled.onSchedule } : {}),
  };
}
