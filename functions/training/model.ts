import * as z from 'zod';
import { calendarDate, nonNegativeInt, notInFuture, recordId, TARGET_GROUPS, text, type TargetGroup } from '#core/taxonomy.ts';

/**
 * Trainings and activities (培训、演练、宣传) and the yearly surveys of awareness and
 * participation (知晓率、参与率).
 */
export const ACTIVITY_KINDS = ['TRAINING', 'DRILL', 'LECTURE', 'PUBLICITY_CAMPAIGN', 'INSPECTION'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const MATERIAL_KINDS = ['LEAFLET', 'POSTER', 'CALENDAR', 'HANDBOOK', 'BANNER', 'BROADCAST', 'VIDEO', 'OTHER'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export const materialSchema = z.object({
  kind: z.enum(MATERIAL_KINDS),
  quantity: nonNegativeInt,
  description: text(200).optional(),
});
export type Material = z.infer<typeof materialSchema>;

const heldOn = calendarDate.refine(notInFuture, 'must not be in the future');

export const createActivityInputSchema = z.object({
  communityId: recordId,
  kind: z.enum(ACTIVITY_KINDS),
  topic: text(200),
  heldOn,
  audienceGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).default([]),
  attendeeCount: nonNegativeInt,
  materials: z.array(materialSchema).max(50, 'at most 50 kinds of material').default([]),
  organiser: text(100).optional(),
  /** The promotion project the activity belongs to, if any. */
  projectId: recordId.optional(),
  description: text(2000).optional(),
});
export type CreateActivityInput = z.input<typeof createActivityInputSchema>;

export const updateActivityInputSchema = z.object({
  id: recordId,
  version: z.number().int().positive('must be the version you read'),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  topic: text(200).optional(),
  heldOn: heldOn.optional(),
  audienceGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).optional(),
  attendeeCount: nonNegativeInt.optional(),
  materials: z.array(materialSchema).max(50).optional(),
  organiser: text(100).nullable().optional(),
  projectId: recordId.nullable().optional(),
  description: text(2000).nullable().optional(),
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
  year: z.number().int().min(1989, 'the programme began in 1989').max(new Date().getUTCFullYear(), 'must not be in the future'),
  awarenessRate: rate,
  participationRate: rate,
  satisfactionRate: rate.optional(),
  sampleSize: z.number().int().positive('must be at least 1'),
  surveyedOn: calendarDate.refine(notInFuture, 'must not be in the future').optional(),
  /** Omit to record a new year's survey; give the version read to replace an existing one. */
  version: z.number().int().positive().optional(),
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
