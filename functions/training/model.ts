import * as z from 'zod';
import { chinaToday, count, line, pastDate, prose, recordId, TARGET_GROUPS, type TargetGroup, versionNumber } from '#core/taxonomy.ts';

/**
 * Trainings and activities (培训、演练、宣传) and the yearly surveys of awareness and
 * participation (知晓率、参与率).
 */
export const ACTIVITY_KINDS = ['TRAINING', 'DRILL', 'LECTURE', 'PUBLICITY_CAMPAIGN', 'INSPECTION'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const MATERIAL_KINDS = ['LEAFLET', 'POSTER', 'CALENDAR', 'HANDBOOK', 'BANNER', 'BROADCAST', 'VIDEO', 'OTHER'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** Attendees of one activity: a district-wide campaign reaches its whole population at most. */
export const MAX_ATTENDEES = 10_000_000;
/** Copies of one kind of material handed out in one activity. */
export const MAX_MATERIAL_QUANTITY = 10_000_000;
/** People asked in one survey. */
export const MAX_SAMPLE_SIZE = 1_000_000;

export const materialSchema = z.object({
  kind: z.enum(MATERIAL_KINDS),
  quantity: count(MAX_MATERIAL_QUANTITY),
  description: line(200).optional(),
});
export type Material = z.infer<typeof materialSchema>;

const heldOn = pastDate;
const attendeeCount = count(MAX_ATTENDEES);

export const createActivityInputSchema = z.object({
  communityId: recordId,
  kind: z.enum(ACTIVITY_KINDS),
  topic: line(200),
  heldOn,
  audienceGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).default([]),
  attendeeCount,
  materials: z.array(materialSchema).max(50, 'at most 50 kinds of material').default([]),
  organiser: line(100).optional(),
  /** The promotion project the activity belongs to, if any. */
  projectId: recordId.optional(),
  description: prose(2000).optional(),
});
export type CreateActivityInput = z.input<typeof createActivityInputSchema>;

export const updateActivityInputSchema = z.object({
  id: recordId,
  version: versionNumber,
  kind: z.enum(ACTIVITY_KINDS).optional(),
  topic: line(200).optional(),
  heldOn: heldOn.optional(),
  audienceGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).optional(),
  attendeeCount: attendeeCount.optional(),
  materials: z.array(materialSchema).max(50, 'at most 50 kinds of material').optional(),
  organiser: line(100).nullable().optional(),
  projectId: recordId.nullable().optional(),
  description: prose(2000).nullable().optional(),
});

export interface Activity {
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in for analytics: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly kind: ActivityKind;
  readonly topic: string;
  readonly heldOn: string;
  readonly audienceGroups: readonly TargetGroup[];
  readonly attendeeCount: number;
  readonly materials: readonly Material[];
  readonly organiser?: string;
  readonly projectId?: string;
  readonly description?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A rate in percent, 0–100, with at most one decimal (as surveys report them: 86.5 %). */
const rate = z
  .number()
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100')
  .refine((value) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9, 'at most one decimal');

export const recordSurveyInputSchema = z.object({
  communityId: recordId,
  year: z
    .number()
    .int('must be a whole number')
    .min(1989, 'the programme began in 1989')
    .refine((year) => year <= Number(chinaToday().slice(0, 4)), 'must not be in the future'),
  awarenessRate: rate,
  participationRate: rate,
  satisfactionRate: rate.optional(),
  sampleSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_SAMPLE_SIZE, `at most ${MAX_SAMPLE_SIZE.toLocaleString('en')}`),
  surveyedOn: pastDate.optional(),
  /** Omit to record a new year's survey; give the version read to replace an existing one. */
  version: versionNumber.optional(),
});
export type RecordSurveyInput = z.input<typeof recordSurveyInputSchema>;

export interface Survey {
  /** `<communityId>:<year>`: one survey per community and year. */
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in for analytics: its community's when it was recorded. */
  readonly regionCode?: string;
  readonly year: number;
  readonly awarenessRate: number;
  readonly participationRate: number;
  readonly satisfactionRate?: number;
  readonly sampleSize: number;
  readonly surveyedOn?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
