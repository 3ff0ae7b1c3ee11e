import * as z from 'zod';
import { addDays, addMonths, daysBetween } from '#core/dates.ts';
import { type RiskLevel, UNIT_GRADES, type UnitGrade } from './kinds.ts';

/**
 * When a supervised unit's next inspection falls due (巡查频次), as pure functions of its grade,
 * its community's frequencies, its last inspection and the day, all China calendar dates
 * (YYYY-MM-DD, no time of day).
 *
 * A frequency is an interval from the last inspection, not a calendar slot: a weekly unit
 * inspected on a Thursday is due the next Thursday, so a late inspection moves the next one and
 * a unit is never due twice for one period. Months are calendar months: inspected on 31 January,
 * a monthly unit is due on the last day of February (28th, or 29th in a leap year), then on the
 * same day of the month as that inspection. Never inspected, a unit is due one interval after the
 * day it was registered. Due on its day is DUE; the day after, OVERDUE.
 */
export const INSPECTION_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export type InspectionFrequency = (typeof INSPECTION_FREQUENCIES)[number];

/** How often each frequency inspects, most often first: days for DAILY/WEEKLY, months for the others. */
const INTERVALS: Readonly<Record<InspectionFrequency, { readonly days: number } | { readonly months: number }>> = {
  DAILY: { days: 1 },
  WEEKLY: { days: 7 },
  MONTHLY: { months: 1 },
  QUARTERLY: { months: 3 },
  YEARLY: { months: 12 },
};

/** The frequencies of a community that set none: D daily, C weekly, B monthly, A quarterly (the issue's example). */
export const DEFAULT_FREQUENCIES: Readonly<Record<UnitGrade, InspectionFrequency>> = Object.freeze({ A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' });

/**
 * The order a community's frequencies must keep: a closer watched grade is never inspected less
 * often than the grade above it (D at least as often as C, C as B, B as A), or the grading would
 * reward a unit for getting worse. One issue per grade that breaks it, named on that grade; a
 * grade missing from `frequencies` breaks nothing here (the schema requires it). An input schema
 * with more fields (the community, a version) refines with this.
 */
export function frequencyOrderIssues(frequencies: Partial<Record<UnitGrade, InspectionFrequency>>): { readonly field: UnitGrade; readonly message: string }[] {
  const issues: { field: UnitGrade; message: string }[] = [];
  UNIT_GRADES.forEach((grade, index) => {
    const better = UNIT_GRADES[index - 1];
    const own = frequencies[grade];
    const above = better ? frequencies[better] : undefined;
    if (better && own && above && INSPECTION_FREQUENCIES.indexOf(own) > INSPECTION_FREQUENCIES.indexOf(above)) {
      issues.push({ field: grade, message: `grade ${grade} is watched more closely than ${better}: it must be inspected at least as often (${better} is ${above})` });
    }
  });
  return issues;
}

/** A community's frequencies per grade, as its editor sets them: every grade once, in the order above. */
export const inspectionFrequenciesSchema = z
  .object(Object.fromEntries(UNIT_GRADES.map((grade) => [grade, z.enum(INSPECTION_FREQUENCIES)])) as Record<UnitGrade, z.ZodEnum<{ [K in InspectionFrequency]: K }>>)
  .strict()
  .superRefine((frequencies, context) => {
    for (const issue of frequencyOrderIssues(frequencies)) context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
export type InspectionFrequencies = z.infer<typeof inspectionFrequenciesSchema>;



/** The day one interval of `frequency` after `date`. */
export function afterInterval(date: string, frequency: InspectionFrequency): string {
  const interval = INTERVALS[frequency];
  return 'days' in interval ? addDays(date, interval.days) : addMonths(date, interval.months);
}

export interface DueInput {
  readonly grade: UnitGrade;
  /** The community's frequencies; DEFAULT_FREQUENCIES when it set none. */
  readonly frequencies?: InspectionFrequencies | null;
  /** The day (China) of its last inspection; absent when it was never inspected. */
  readonly lastInspectedOn?: string | null;
  /** The day (China) the unit was registered. */
  readonly registeredOn: string;
}

/** The frequency a unit's grade implies in its community. */
export const frequencyOf = (grade: UnitGrade, frequencies?: InspectionFrequencies | null): InspectionFrequency => (frequencies ?? DEFAULT_FREQUENCIES)[grade];

/** The day (China) a unit's next inspection is due. */
export function nextInspectionDue(unit: DueInput): string {
  return afterInterval(unit.lastInspectedOn ?? unit.registeredOn, frequencyOf(unit.grade, unit.frequencies));
}

export const INSPECTION_STATUSES = ['NOT_YET_DUE', 'DUE', 'OVERDUE'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** Where a unit stands on `today` (China): before its due day, on it, or after it, with the days either side. */
export function inspectionStatus(dueOn: string, today: string): { readonly status: InspectionStatus; readonly daysLeft: number; readonly daysOverdue: number } {
  const difference = daysBetween(today, dueOn);
  if (difference > 0) return { status: 'NOT_YET_DUE', daysLeft: difference, daysOverdue: 0 };
  if (difference === 0) return { status: 'DUE', daysLeft: 0, daysOverdue: 0 };
  return { status: 'OVERDUE', daysLeft: 0, daysOverdue: -difference };
}

/** A unit's due day and its status on `today`: what `inspectionsDue` lists (DUE and OVERDUE) and sorts (earliest due first). */
export function inspectionDue(unit: DueInput, today: string): { readonly dueOn: string; readonly frequency: InspectionFrequency } & ReturnType<typeof inspectionStatus> {
  const dueOn = nextInspectionDue(unit);
  return { dueOn, frequency: frequencyOf(unit.grade, unit.frequencies), ...inspectionStatus(dueOn, today) };
}


/**
 * A hazard source is inspected as often as the unit grade its risk level matches: red as D,
 * orange as C, yellow as B, blue as A. So one setting of the community's frequencies governs
 * both, and with the defaults a red source is patrolled daily and a blue one each quarter. A
 * REMOVED source is never due (the caller leaves it out).
 */
export const RISK_LEVEL_GRADES: Readonly<Record<RiskLevel, UnitGrade>> = Object.freeze({ RED: 'D', ORANGE: 'C', YELLOW: 'B', BLUE: 'A' });
